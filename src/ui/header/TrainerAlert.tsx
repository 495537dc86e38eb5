/** Props of TrainerAlert: what happened to the trainer and what the page did about it; null shows nothing. */
export interface TrainerAlertProps {
  message: string | null;
  onDismiss: () => void;
}

/** An alert for a lost or replaced trainer (its worker failed to load or stopped). */
export function TrainerAlert({ message, onDismiss }: TrainerAlertProps) {
  if (!message) return null;
  return (
    <div className="alert trainer-alert" role="alert">
      <p>{message}</p>
      <button type="button" className="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
