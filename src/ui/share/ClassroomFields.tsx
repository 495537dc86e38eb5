import { useId } from "react";
import type { Classroom, PanelId } from "../../config/classroom.ts";

/** Panels a teacher's link can hide, with their names on the page. */
export const PANEL_LABELS: Record<PanelId, string> = {
  dataset: "Dataset",
  layers: "Model",
  training: "Training",
  charts: "Curves",
  results: "Results",
  lab: "Compression lab",
  inspect: "Look inside",
  share: "Share, save and export",
};

/** Teacher presets: what a class sees. */
export const CLASSROOM_PRESETS: { id: string; label: string; classroom: Classroom }[] = [
  { id: "open", label: "Everything, editable", classroom: { hide: [], lockArchitecture: false } },
  {
    id: "train",
    label: "Train this model (architecture locked, no lab)",
    classroom: { hide: ["lab"], lockArchitecture: true },
  },
  { id: "build", label: "Build and train (no compression lab)", classroom: { hide: ["lab"], lockArchitecture: false } },
  { id: "compress", label: "Compression demo (architecture locked)", classroom: { hide: [], lockArchitecture: true } },
];

/** Props of ClassroomFields: the link's classroom flags. */
export interface ClassroomFieldsProps {
  classroom: Classroom;
  onChange: (classroom: Classroom) => void;
}

const same = (a: Classroom, b: Classroom) =>
  a.lockArchitecture === b.lockArchitecture && [...a.hide].sort().join() === [...b.hide].sort().join();

/** What a shared link hides and locks: a preset, or panel by panel. */
export function ClassroomFields({ classroom, onChange }: ClassroomFieldsProps) {
  const id = useId();
  const preset = CLASSROOM_PRESETS.find((p) => same(p.classroom, classroom))?.id ?? "custom";
  const toggle = (panel: PanelId, hidden: boolean) =>
    onChange({ ...classroom, hide: hidden ? [...classroom.hide, panel] : classroom.hide.filter((p) => p !== panel) });
  return (
    <details className="classroom">
      <summary>Classroom link: hide panels, lock the architecture</summary>
      <div className="field">
        <label htmlFor={id}>Teacher preset</label>
        <select
          id={id}
          value={preset}
          onChange={(e) => {
            const chosen = CLASSROOM_PRESETS.find((p) => p.id === e.target.value);
            if (chosen) onChange({ ...chosen.classroom, goal: classroom.goal });
          }}
        >
          {CLASSROOM_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          {preset === "custom" && (
            <option value="custom" disabled>
              Custom
            </option>
          )}
        </select>
      </div>
      <fieldset className="classroom__panels">
        <legend>Hide</legend>
        {(Object.keys(PANEL_LABELS) as PanelId[]).map((panel) => (
          <label key={panel} className="check">
            <input
              type="checkbox"
              checked={classroom.hide.includes(panel)}
              onChange={(e) => toggle(panel, e.target.checked)}
            />
            {PANEL_LABELS[panel]}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={classroom.lockArchitecture}
          onChange={(e) => onChange({ ...classroom, lockArchitecture: e.target.checked })}
        />
        Lock the architecture
      </label>
      <p className="muted small">
        These travel in the link (Share). This page keeps showing this panel, so you can undo them; a page opened from a
        link that hides or locks has no way to undo it, so keep a link without them for yourself.
      </p>
    </details>
  );
}
