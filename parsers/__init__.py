"""Pure core: reading what people type for times (times of day, free windows, times of an
entry). Plain Python, no Django; the messages are English templates marked for
translation, which each adapter shows in the reader's language (see ParseError)."""
