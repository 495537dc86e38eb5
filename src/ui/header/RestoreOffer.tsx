/** Props of RestoreOffer: the kept model's description, or null to show nothing. */
export interface RestoreOfferProps {
  description: string | null;
  onRestore: () => void;
  onDismiss: () => void;
}

/** Offers the checkpoint the trainer kept (after a reload, or when the trainer holding the model was lost). */
export function RestoreOffer({ description, onRestore, onDismiss }: RestoreOfferProps) {
  if (!description) return null;
  return (
    <div className="notice restore-offer" role="status" aria-label="Restore offer">
      <p>The last trained model was kept: {description}. Its weights are not in the trainer now.</p>
      <div className="run-buttons__row">
        <button type="button" className="button button--primary" onClick={onRestore}>
          Restore the last trained model
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          Not now
        </button>
      </div>
    </div>
  );
}
