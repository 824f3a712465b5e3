/**
 * HdrHistogram binary encodings: decode the base64 compressed histograms of interval logs in every version the
 * Java reference reads (V0, V1, V2), and encode V2 as Java does. The format is documented where it is parsed:
 * cookies.ts (cookies), decode.ts (compressed wrapper), header.ts (header), payload.ts and zigzag.ts (counts).
 */
export { decodeCompressedHistogram, decodeHistogram } from "./decode.js";
export { encodeCompressedV2, encodeHistogramV2, encodeV2 } from "./encode.js";
export { HlogCodecError } from "./errors.js";
export { classifyCookie, type Cookie } from "./cookies.js";
