/** Props of TrainerAlert: what happened to the trainer and what the page did about it; null shows nothing. */
export interface TrainerAlertProps {
  message: string | null;
  /** Offered when a trained model was lost with the trainer and a checkpoint of it exists. */
  onRestore?: (() => void) | null;
  onDismiss: () => void;
}

/** An alert for a lost or replaced trainer (worker failed to load, stopped, or the GPU was lost). */
export function TrainerAlert({ message, onRestore = null, onDismiss }: TrainerAlertProps) {
  if (!message) return null;
  return (
    <div className="alert trainer-alert" role="alert">
      <p>{message}</p>
      <div className="run-buttons__row">
        {onRestore && <button type="button" className="button button--primary" onClick={onRestore}>Restore the last trained model</button>}
        <button type="button" className="button" onClick={onDismiss}>Dismiss</button>
      </div>
    </div>
  );
}
