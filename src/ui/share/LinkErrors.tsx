/** What was wrong with the link the page was opened with, and that each part fell back to a valid value. */
export function LinkErrors({ errors, onDismiss }: { errors: string[]; onDismiss: () => void }) {
  if (errors.length === 0) return null;
  return (
    <div className="alert link-errors" role="alert">
      <p>
        <strong>This link had problems; the page opened a valid experiment instead.</strong>
      </p>
      <ul>
        {errors.slice(0, 8).map((message, i) => (
          <li key={i}>{message}</li>
        ))}
        {errors.length > 8 && <li>…and {errors.length - 8} more.</li>}
      </ul>
      <button type="button" className="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
