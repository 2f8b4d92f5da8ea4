"""Development data for the cry model: the shared recordings, their splits, and
household scenes made here from Debian's espeak-ng and sox. Used by training and the
benchmark, never by the product."""
