import { useState } from "react";
import { decodeImageFiles } from "../app/customImages/decodeWorker.ts";
import { WebcamCapture } from "./dataset/WebcamCapture.tsx";

// Shown instead of the app only when a test sets the intakeTestPage hook (src/app/testHooks.ts): the image intake
// pieces on their own, so that end-to-end tests drive them without the dataset panel that will use them.

declare global {
  interface Window {
    cnnPlaygroundIntake?: { decodeImageFiles: typeof decodeImageFiles };
  }
}

window.cnnPlaygroundIntake = { decodeImageFiles };

export function IntakeTestPage() {
  const [open, setOpen] = useState(true);
  const [received, setReceived] = useState(0);
  return (
    <main className="panel">
      <h1>Image intake</h1>
      {open ? (
        <WebcamCapture
          size={28}
          channels={1}
          onFrames={(images) => setReceived((n) => n + images.length)}
          onClose={() => setOpen(false)}
        />
      ) : (
        <p>Camera closed</p>
      )}
      <p aria-label="Frames received">{received}</p>
    </main>
  );
}
