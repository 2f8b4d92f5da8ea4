// Nestling's Listen page: hands the microphone's samples to the page, a block at a time.
// Runs on the browser's audio thread; nothing here is stored or sent anywhere.
class NestlingTap extends AudioWorkletProcessor {
  process(inputs) {
    const input = inputs[0];
    if (input && input[0]) this.port.postMessage(input[0].slice(0));
    return true;
  }
}
registerProcessor("nestling-tap", NestlingTap);
