import { chooseBackend } from "../../app/actions.ts";
import { isRunActive, useAppStore } from "../../app/store.ts";
import type { BackendPreference } from "../../config/backends.ts";
import { BACKEND_LABELS, type BackendInfo } from "../../worker/backendTypes.ts";
import { SelectField, type SelectOption } from "../form/SelectField.tsx";
import { BackendBadge } from "./BackendBadge.tsx";

const BACKEND_OPTIONS: SelectOption[] = [
  { value: "auto", label: "Auto (fastest)" },
  ...(Object.keys(BACKEND_LABELS) as (keyof typeof BACKEND_LABELS)[]).map((name) => ({
    value: name,
    label: BACKEND_LABELS[name],
  })),
];

/** The badge's word on the workers that train: "2 workers (data-parallel)", or why one when there are more cores. */
function workersText(workers: BackendInfo["workers"]): string | null {
  if (!workers || workers.cores < 2) return null;
  if (workers.count > 1)
    return `training: ${workers.count} workers of 1 thread (data-parallel, ${workers.cores} cores)`;
  return workers.note ? `1 worker: ${workers.note}` : null;
}

/** Props of the AppHeader. */
export interface AppHeaderProps {
  /** Opens the guided tour again. */
  onTakeTour: () => void;
}

/** Page header: title, backend badge, the tour button and the backend picker. */
export function AppHeader({ onTakeTour }: AppHeaderProps) {
  const backend = useAppStore((s) => s.backend);
  const backendError = useAppStore((s) => s.backendError);
  const preference = useAppStore((s) => s.backendPreference);
  const isLocked = useAppStore(isRunActive);
  return (
    <header className="app-header">
      <div className="app-header__title">
        <h1>CNN Playground</h1>
        <BackendBadge
          label={backend ? BACKEND_LABELS[backend.name] : null}
          device={backend?.device ?? null}
          reason={backend?.reason ?? null}
          isSoftware={backend?.isSoftware ?? false}
          isMainThread={backend?.thread === "main thread"}
          workers={workersText(backend?.workers)}
          error={backendError}
        />
      </div>
      <div className="app-header__backend">
        <button type="button" className="button" data-tour-opener onClick={onTakeTour}>
          Take the tour
        </button>
        <SelectField
          label="Backend"
          value={preference}
          options={BACKEND_OPTIONS}
          disabled={isLocked}
          onChange={(value) => void chooseBackend(value as BackendPreference)}
        />
      </div>
    </header>
  );
}
