// A JSON Schema (as lib/openapi/document.ts generates it) in words: fields, types, bounds, nested objects. Server
// rendered, no JavaScript: the API reference reads the same with scripts off.
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  additionalProperties?: unknown;
};

const SAFE_MAX = Number.MAX_SAFE_INTEGER;

/** One line naming the type: "string (date-time)", "one of: a, b", "array of object", "string | null". */
export function typeLabel(schema: Schema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return `one of: ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (schema.anyOf) return schema.anyOf.map(typeLabel).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ["any"];
  return types
    .map((type) => {
      if (type === "array") return `array of ${schema.items ? typeLabel(schema.items) : "any"}`;
      if (type === "object" && !schema.properties) return "object";
      return schema.format ? `${type} (${schema.format})` : type;
    })
    .join(" | ");
}

function bounds(schema: Schema): string[] {
  const notes: string[] = [];
  if (schema.minimum !== undefined && schema.minimum > -SAFE_MAX) notes.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < SAFE_MAX) notes.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined && schema.minLength > 0) notes.push(`min ${schema.minLength} chars`);
  if (schema.maxLength !== undefined) notes.push(`max ${schema.maxLength} chars`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes;
}

/** The object to list fields of, looking through `| null` and arrays. */
function fieldsOf(schema: Schema): Schema | undefined {
  if (schema.properties) return schema;
  if (schema.items) return fieldsOf(schema.items);
  return schema.anyOf?.map(fieldsOf).find(Boolean);
}

export function SchemaFields({ schema, depth = 0 }: { schema: Schema; depth?: number }) {
  const object = fieldsOf(schema);
  if (!object?.properties) return <p className="text-sm text-slate-700">{typeLabel(schema)}</p>;
  return (
    <ul className={`space-y-1.5 text-sm ${depth > 0 ? "mt-1.5 border-l-2 border-slate-200 pl-3" : ""}`}>
      {Object.entries(object.properties).map(([name, field]) => {
        const notes = bounds(field);
        const isRequired = object.required?.includes(name);
        return (
          <li key={name} className="break-words">
            <code className="font-semibold text-slate-900">{name}</code>{" "}
            <span className="text-slate-700">{typeLabel(field)}</span>
            {!isRequired && <span className="text-slate-600"> · optional</span>}
            {notes.length > 0 && <span className="text-slate-600"> · {notes.join(", ")}</span>}
            {field.description && <p className="text-slate-700">{field.description}</p>}
            {depth < 4 && fieldsOf(field) && <SchemaFields schema={field} depth={depth + 1} />}
          </li>
        );
      })}
    </ul>
  );
}
