/** Deterministic spectra for renderer tests: log-normal-ish latencies from a seeded generator. */
import { spectrumOf, type Spectrum } from "../../src/analyses/spectrum.js";
import { LatencyRecorder } from "../../src/core/recorder.js";

/** `count` latencies around `medianNs` with log-spread `sigma`, the same every run for the same seed. */
export function logNormalRecorder(count: number, medianNs: number, sigma: number, seed: number): LatencyRecorder {
  let state = seed;
  const uniform = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const recorder = new LatencyRecorder(3);
  for (let i = 0; i < count; i++) {
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    recorder.record(Math.round(medianNs * Math.exp(sigma * normal)));
  }
  return recorder;
}

/** Two inputs: 20,000 samples around 5 ms and 3,000 around 8 ms with a longer tail. */
export function twoSpectra(): Spectrum[] {
  return [spectrumOf("a.log", logNormalRecorder(20_000, 5e6, 0.5, 1)), spectrumOf("b <&> .log", logNormalRecorder(3_000, 8e6, 0.8, 2))];
}
