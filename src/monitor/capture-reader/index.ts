/**
 * The capture reader: an endpoint's captured requests for a time window, from any store. See
 * `read-capture.ts`; the JSON Lines and hourly-folder helpers serve ground-truth files too.
 */
export type { CapturedPayload, CapturedRecord, CaptureEncoding } from './captured-record.js';
export { payloadBytes, payloadText } from './captured-record.js';
export { hourPath, hoursOverlapping, inHours, keysInHours } from './hour-folders.js';
export { type ObjectLine, objectLines } from './object-lines.js';
export { parseCaptureLine, parseInferenceTime } from './parse-capture-line.js';
export { type CaptureScan, type CaptureScanStats, type CaptureWindow, type SkippedLine, scanCapture } from './read-capture.js';
