/** What a person reads when the camera cannot be used, from getUserMedia's error (a DOMException's name). */
export function cameraProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "No camera available: permission to use it was denied. Allow the camera in the browser's site settings, then open it again.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No camera available: none was found on this device.";
    case "NotReadableError":
      return "No camera available: it is in use by another application.";
    default:
      return `No camera available: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Why this page cannot ask for a camera at all (no mediaDevices outside https or in old browsers), or null. */
export function cameraUnsupported(): string | null {
  return typeof navigator.mediaDevices?.getUserMedia === "function"
    ? null
    : "No camera available: this browser does not offer one to this page (a camera needs https).";
}
