/** Props of NextRunNote: whether the next Train continues the trained weights; null before any trained model. */
export interface NextRunNoteProps {
  continues: boolean | null;
}

/** States the continue rule where Train is: what the next run starts from, and why. */
export function NextRunNote({ continues }: NextRunNoteProps) {
  if (continues === null) return null;
  return (
    <p className="run-buttons__reason">
      {continues
        ? "Next run continues the trained weights (same model, dataset, optimizer, learning rate and seed). Reset to start from scratch."
        : "Next run starts from the seed's initial weights (the model, dataset, optimizer, learning rate or seed changed, or there is no trained model)."}
    </p>
  );
}
