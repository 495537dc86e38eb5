import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { cropResize } from "../../core/custom/cropResize.ts";
import { cameraProblem, cameraUnsupported } from "./cameraProblem.ts";
import "../../styles/webcam.css";

export interface WebcamCaptureProps {
  /** Side of each captured image in pixels. */
  size: number;
  channels: 1 | 3;
  /** The frames of one hold of the button (size × size × channels bytes each), given when it is let go. */
  onFrames(images: Uint8Array[]): void;
  onClose(): void;
  /** Whose images are recorded (a class name): names the group and the frame count. */
  label?: string;
}

/** Frames a second while the button is held. */
const FRAMES_PER_SECOND = 4;

/** A live camera preview and a button that records about 4 frames a second while held (pointer, Space or Enter). */
export function WebcamCapture({ size, channels, onFrames, onClose, label }: WebcamCaptureProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const lastRef = useRef<HTMLCanvasElement>(null);
  const grabRef = useRef<HTMLCanvasElement | null>(null);
  const holdRef = useRef<{ timer: number; frames: Uint8Array[] } | null>(null);
  const [unsupported] = useState(cameraUnsupported);
  const [problem, setProblem] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [recording, setRecording] = useState(false);
  const [taken, setTaken] = useState(0);

  useEffect(() => {
    if (unsupported) return;
    let stream: MediaStream | null = null;
    let closed = false;
    const video = videoRef.current;
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" }, audio: false })
      .then((opened) => {
        // closed while the browser was asking: let the camera go at once
        if (closed || !video) return opened.getTracks().forEach((track) => track.stop());
        stream = opened;
        video.srcObject = opened;
        video.play().catch(() => {}); // muted and inline: only an interrupted load rejects, and the next one plays
      })
      .catch((error: unknown) => {
        if (!closed) setProblem(cameraProblem(error));
      });
    return () => {
      closed = true;
      if (holdRef.current) window.clearInterval(holdRef.current.timer);
      holdRef.current = null;
      stream?.getTracks().forEach((track) => track.stop());
      if (video) video.srcObject = null;
    };
  }, [unsupported]);

  /** One frame from the video as a training image, also drawn (enlarged) as the last frame. */
  function grab(): Uint8Array | null {
    const video = videoRef.current;
    if (!video || video.videoWidth === 0) return null;
    const canvas = (grabRef.current ??= document.createElement("canvas"));
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) return null;
    context.drawImage(video, 0, 0);
    const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const image = cropResize(rgba, canvas.width, canvas.height, size, channels);
    drawLast(lastRef.current, image, size, channels);
    return image;
  }

  function capture() {
    const image = grab();
    if (!image || !holdRef.current) return;
    holdRef.current.frames.push(image);
    setTaken((n) => n + 1);
  }

  function start() {
    if (holdRef.current || !ready) return;
    holdRef.current = { timer: window.setInterval(capture, 1000 / FRAMES_PER_SECOND), frames: [] };
    setRecording(true);
    capture(); // a short tap still takes one frame
  }

  function stop() {
    const hold = holdRef.current;
    if (!hold) return;
    window.clearInterval(hold.timer);
    holdRef.current = null;
    setRecording(false);
    if (hold.frames.length > 0) onFrames(hold.frames);
  }

  const isHoldKey = (event: KeyboardEvent) => event.key === " " || event.key === "Enter";
  const message = unsupported ?? problem;

  return (
    <section className="webcam" role="group" aria-label={label ? `Webcam for ${label}` : "Webcam"}>
      {message ? (
        <p className="webcam__problem" role="alert">
          {message}
        </p>
      ) : (
        <>
          <div className="webcam__views">
            <video
              ref={videoRef}
              className="webcam__video"
              muted
              playsInline
              aria-label="Webcam picture"
              onLoadedData={() => setReady(true)}
            />
            <div className="webcam__last">
              <canvas ref={lastRef} width={size} height={size} aria-label="Last frame, as the network sees it" />
              <span>Last frame</span>
            </div>
          </div>
          <p className="webcam__count" aria-label="Frames taken">
            {taken === 1 ? "1 frame taken" : `${taken} frames taken`}
            {label ? ` for ${label}` : ""}
          </p>
        </>
      )}
      <div className="button-row">
        {!message && (
          <button
            type="button"
            className="button button--primary webcam__record"
            aria-pressed={recording}
            disabled={!ready}
            onPointerDown={(event: PointerEvent<HTMLButtonElement>) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              start();
            }}
            onPointerUp={stop}
            onPointerCancel={stop}
            onLostPointerCapture={stop}
            onBlur={stop}
            onContextMenu={(event) => event.preventDefault()}
            onKeyDown={(event) => {
              if (!isHoldKey(event)) return;
              event.preventDefault();
              if (!event.repeat) start();
            }}
            onKeyUp={(event) => {
              if (!isHoldKey(event)) return;
              event.preventDefault();
              stop();
            }}
          >
            Hold to record
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Close webcam
        </button>
      </div>
    </section>
  );
}

/** Draws a size × size image (grey or RGB bytes) on the canvas. */
function drawLast(canvas: HTMLCanvasElement | null, image: Uint8Array, size: number, channels: 1 | 3) {
  const context = canvas?.getContext("2d");
  if (!context) return;
  const pixels = new ImageData(size, size);
  for (let p = 0; p < size * size; p++) {
    for (let c = 0; c < 3; c++) pixels.data[4 * p + c] = image[p * channels + (channels === 3 ? c : 0)]!;
    pixels.data[4 * p + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
}
