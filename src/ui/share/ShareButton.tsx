import { useId, useState } from "react";

/** Copies the experiment's link; where the clipboard is refused, shows the link selected for copying by hand. */
export function ShareButton({ getLink }: { getLink: () => string }) {
  const id = useId();
  const [state, setState] = useState<{ link: string; copied: boolean } | null>(null);
  async function share() {
    const link = getLink();
    try {
      await navigator.clipboard.writeText(link);
      setState({ link, copied: true });
    } catch {
      setState({ link, copied: false });
    }
  }
  return (
    <div className="share">
      <button type="button" className="button button--primary" onClick={() => void share()}>Share</button>
      <span className="small" role="status" aria-live="polite">
        {state?.copied ? "Link copied." : state ? "Copy the link below:" : ""}
      </span>
      {state && (
        <>
          <label htmlFor={id} className="visually-hidden">Link to this experiment</label>
          <input id={id} className="share__link" type="text" readOnly value={state.link} onFocus={(e) => e.target.select()} />
        </>
      )}
    </div>
  );
}
