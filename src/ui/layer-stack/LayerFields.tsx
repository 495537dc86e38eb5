import type { LayerConfig } from "../../config/schema.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { NumberField } from "../form/NumberField.tsx";
import { SelectField } from "../form/SelectField.tsx";
import { optionsWithLabels } from "../form/schemaField.ts";
import { LAYER_FIELDS } from "./layerOps.ts";

/** Props of LayerFields: one layer's config and where its valid edits go. */
export interface LayerFieldsProps {
  layer: LayerConfig;
  onChange: (layer: LayerConfig) => void;
  /** Names the layer in the message of an invalid field, e.g. "Layer 3 (Conv2D)". */
  context?: string;
  /** The architecture is locked (a run, or the link): the fields show their values but take no edits. */
  disabled?: boolean;
}

/** Form fields of one layer, generated from its schema (ranges, integer steps, enum options). */
export function LayerFields({ layer, onChange, context, disabled }: LayerFieldsProps) {
  const fields = LAYER_FIELDS[layer.kind];
  if (fields.length === 0) return <p className="muted layer-card__no-fields">No settings.</p>;
  const values = layer as unknown as Record<string, number | string>;
  // each field is validated against its own schema, so the patched layer stays valid
  const patch = (key: string, value: number | string) => onChange({ ...layer, [key]: value } as LayerConfig);
  return (
    <div className="layer-card__fields">
      {fields.map((field) =>
        field.type === "number" ? (
          <NumberField
            key={field.key}
            label={field.label}
            value={values[field.key] as number}
            spec={field.spec}
            context={context}
            disabled={disabled}
            onChange={(value) => patch(field.key, value)}
          />
        ) : (
          <SelectField
            key={field.key}
            label={field.label}
            value={values[field.key] as string}
            options={optionsWithLabels(field.options)}
            note={field.key === "activation" ? <ConceptNote id="relu" /> : undefined}
            disabled={disabled}
            onChange={(value) => patch(field.key, value)}
          />
        ),
      )}
    </div>
  );
}
