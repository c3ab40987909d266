// Loads the shared protocol fixtures (protocol/examples, protocol/schemas) for the client's unit
// tests, and an Ajv (JSON Schema 2020-12) instance that knows every schema.

import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

const serverTexts = import.meta.glob('../../../protocol/examples/server/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const clientTexts = import.meta.glob('../../../protocol/examples/client/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const invalidTexts = import.meta.glob('../../../protocol/examples/invalid/*', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const httpTexts = import.meta.glob('../../../protocol/examples/http/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const schemaFiles = import.meta.glob('../../../protocol/schemas/**/*.schema.json', {
  import: 'default',
  eager: true,
}) as Record<string, { $id: string }>;

const readmeText = import.meta.glob('../../../protocol/README.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export interface Example {
  name: string; // file name without folder, e.g. "welcome.json"
  text: string;
}

function examples(files: Record<string, string>): Example[] {
  return Object.entries(files)
    .map(([path, text]) => ({
      name: path.slice(path.lastIndexOf('/') + 1),
      text,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const serverExamples = examples(serverTexts);
export const clientExamples = examples(clientTexts);
export const invalidExamples = examples(invalidTexts);
// The HTTP API's account bodies (examples/http), with manifest.json among them.
export const httpExamples = examples(httpTexts);

export const protocolReadme = Object.values(readmeText)[0] ?? '';

export const SCHEMA_BASE = 'https://samrad.example/protocol/v1/';

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const schema of Object.values(schemaFiles)) ajv.addSchema(schema);
  return ajv;
}

export function validator(ajv: Ajv2020, relativeId: string): ValidateFunction {
  const validate = ajv.getSchema(SCHEMA_BASE + relativeId);
  if (!validate) throw new Error(`no schema ${relativeId}`);
  return validate;
}

export const schemaCount = Object.keys(schemaFiles).length;
