import { useId, useState } from "react";
import { stackProblem } from "../../app/urlSync.ts";

/** What Share says: copied or not, and, for a stack that does not train yet, that the link holds it as it is. */
export function shareStatus(copied: boolean, problem: string | null): string {
  if (problem === null) return copied ? "Link copied." : "Copy the link below:";
  return `${copied ? "Link copied" : "Copy the link below"}; note: this stack does not train yet: ${problem.replace(/\.?$/, ".")}`;
}

/** Props of ShareButton: the link to share and, to warn about it, why its stack does not train (if it does not). */
export interface ShareButtonProps {
  getLink: () => string;
  /** Defaults to the current experiment's stack problem (stackProblem). */
  getStackProblem?: () => string | null;
}

/** Copies the experiment's link; where the clipboard is refused, shows the link selected for copying by hand. */
export function ShareButton({ getLink, getStackProblem = stackProblem }: ShareButtonProps) {
  const id = useId();
  const [state, setState] = useState<{ link: string; copied: boolean; problem: string | null } | null>(null);
  async function share() {
    const link = getLink();
    const problem = getStackProblem();
    try {
      await navigator.clipboard.writeText(link);
      setState({ link, copied: true, problem });
    } catch {
      setState({ link, copied: false, problem });
    }
  }
  return (
    <div className="share">
      <button type="button" className="button button--primary" onClick={() => void share()}>
        Share
      </button>
      <span className="small" role="status" aria-live="polite">
        {state ? shareStatus(state.copied, state.problem) : ""}
      </span>
      {state && (
        <>
          <label htmlFor={id} className="visually-hidden">
            Link to this experiment
          </label>
          <input
            id={id}
            className="share__link"
            type="text"
            readOnly
            value={state.link}
            onFocus={(e) => e.target.select()}
          />
        </>
      )}
    </div>
  );
}
