import { useEffect, useRef, useState } from "react";
import { cropResize } from "../../core/custom/cropResize.ts";

/** Frames taken per second while the record button is held. */
const FRAMES_PER_SECOND = 5;

/** Props of the WebcamRecorder: the class it records for, what it does with the frames, and how it closes. */
export interface WebcamRecorderProps {
  className: string;
  /** Frame side and channels, as the stored images are. */
  size: number;
  channels: 1 | 3;
  onFrames(frames: Uint8Array[]): void;
  onClose(): void;
}

/** The webcam's picture and a "Hold to record" button: a few frames a second while it is held, added on release. */
export function WebcamRecorder({ className, size, channels, onFrames, onClose }: WebcamRecorderProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(() =>
    navigator.mediaDevices ? null : "this browser offers no camera here",
  );
  const [taken, setTaken] = useState(0);
  const timer = useRef<number | null>(null);
  const frames = useRef<Uint8Array[]>([]);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let closed = false;
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: 320, height: 240 }, audio: false })
      .then((s) => {
        if (closed) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        if (videoRef.current) videoRef.current.srcObject = s;
      })
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
    return () => {
      closed = true;
      stream?.getTracks().forEach((t) => t.stop());
      if (timer.current !== null) clearInterval(timer.current);
    };
  }, []);
  const grab = () => {
    const video = videoRef.current;
    if (!video || video.videoWidth === 0) return;
    const canvas = document.createElement("canvas");
    [canvas.width, canvas.height] = [video.videoWidth, video.videoHeight];
    const context = canvas.getContext("2d");
    if (!context) return;
    context.drawImage(video, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    frames.current.push(cropResize(data, canvas.width, canvas.height, size, channels));
    setTaken(frames.current.length);
  };
  const start = () => {
    if (timer.current !== null || problem) return;
    frames.current = [];
    grab();
    timer.current = window.setInterval(grab, 1000 / FRAMES_PER_SECOND);
  };
  const stop = () => {
    if (timer.current === null) return;
    clearInterval(timer.current);
    timer.current = null;
    if (frames.current.length) onFrames(frames.current);
    frames.current = [];
  };
  return (
    <div className="webcam" role="group" aria-label={`Webcam for ${className}`}>
      {problem ? (
        <p className="alert" role="alert">
          The webcam could not start: {problem}.
        </p>
      ) : (
        <video ref={videoRef} className="webcam__video" autoPlay muted playsInline aria-label="Webcam picture" />
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          disabled={problem !== null}
          onPointerDown={start}
          onPointerUp={stop}
          onPointerLeave={stop}
          onPointerCancel={stop}
          onKeyDown={(e) => (e.key === " " || e.key === "Enter") && !e.repeat && start()}
          onKeyUp={(e) => (e.key === " " || e.key === "Enter") && stop()}
          onBlur={stop}
        >
          Hold to record
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close webcam
        </button>
      </div>
      <p className="muted small" aria-live="polite">
        {taken > 0
          ? `${taken} ${taken === 1 ? "frame" : "frames"} taken for ${className}`
          : `Hold the button: ${FRAMES_PER_SECOND} frames a second.`}
      </p>
    </div>
  );
}
