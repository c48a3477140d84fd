// Validates the Kubernetes manifests of deploy/kubernetes with no cluster and
// no network (scripts/validate_manifests.sh installs the packages first).
//
//   node validate.mjs [DIR]               the manifests of DIR (default: ..)
//   node validate.mjs --rendered FILE     a multi-document stream, such as
//                                         the output of "kubectl kustomize"
//   node validate.mjs --self-test [DIR]   injects known mistakes into copies
//                                         of DIR's manifests; each must fail
//
// Four checks, each for a mistake the others miss:
// - schema: kubernetes-models' validators, compiled from the Kubernetes
//   OpenAPI schemas (types, required fields, int32, quantities); they let
//   unknown fields through;
// - fields: every field must exist in the API type of kubernetes-types, read
//   with the TypeScript compiler, so "replicass:" fails (the API server
//   drops unknown fields without a word);
// - kustomization.yaml: known keys, every listed file present, every
//   manifest listed;
// - cross-checks (cross_checks.mjs): labels, port names, Secret keys, the
//   drain arithmetic, voxgate.toml's keys against voxgate's own.
// Exit status 1 on any error.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";
import { crossChecks } from "./cross_checks.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

// --- reading -------------------------------------------------------------

// The documents of a YAML stream, or the syntax errors in it.
function readDocuments(name, text) {
  const docs = [];
  const errors = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: true })) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      errors.push(`${name}: YAML: ${e.message.split("\n")[0]}`);
    }
    const obj = doc.toJS();
    if (obj !== null && obj !== undefined) docs.push({ file: name, obj });
  }
  return { docs, errors };
}

function label(d) {
  return `${d.obj.kind ?? "?"}/${d.obj.metadata?.name ?? "?"}`;
}

// --- schema: kubernetes-models --------------------------------------------

// Its modules are named after apiVersion and kind: "apps/v1/Deployment",
// and "v1/Service" for the core group.
async function schemaErrors(obj) {
  let Model;
  try {
    Model = (await import(`kubernetes-models/${obj.apiVersion}/${obj.kind}`))[obj.kind];
  } catch {
    return [`no schema for apiVersion ${obj.apiVersion}, kind ${obj.kind}`];
  }
  if (typeof Model !== "function")
    return [`no schema for apiVersion ${obj.apiVersion}, kind ${obj.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    if (!Array.isArray(e.errors)) return [String(e.message ?? e)];
    // One line per field: a quantity's oneOf reports three messages.
    const byPath = new Map();
    for (const err of e.errors) {
      const p =
        err.instancePath
          .split("/")
          .slice(1)
          .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s))
          .join("") || "(document)";
      byPath.set(p, [...(byPath.get(p) ?? []), err.message]);
    }
    return [...byPath].map(([p, msgs]) => `${p}: ${[...new Set(msgs)].join("; ")}`);
  }
}

// --- fields: kubernetes-types through the TypeScript compiler --------------

// "apps/v1" -> kubernetes-types/apps/v1, "v1" -> kubernetes-types/core/v1,
// "networking.k8s.io/v1" -> kubernetes-types/networking/v1.
function typesModule(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  return `kubernetes-types/${group.split(".")[0]}/${version}`;
}

// The API types of the given kinds, loaded once per set of kinds.
class FieldChecker {
  constructor(kinds) {
    const virtual = path.join(here, "__manifest_types__.ts");
    const source = kinds
      .map(
        (k, i) =>
          `export type T${i} = import(${JSON.stringify(typesModule(k.apiVersion))}).${k.kind};`,
      )
      .join("\n");
    const host = ts.createCompilerHost({});
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.getSourceFile = (f, lang, ...rest) =>
      f === virtual ? ts.createSourceFile(f, source, lang, true) : getSourceFile(f, lang, ...rest);
    host.fileExists = (f) => f === virtual || fileExists(f);
    const program = ts.createProgram(
      [virtual],
      {
        noEmit: true,
        strict: true,
        types: [],
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Node10,
      },
      host,
    );
    this.checker = program.getTypeChecker();
    this.sourceFile = program.getSourceFile(virtual);
    this.types = new Map();
    const broken = new Set(
      ts
        .getPreEmitDiagnostics(program, this.sourceFile)
        .map((d) => this.sourceFile.getLineAndCharacterOfPosition(d.start ?? 0).line),
    );
    this.sourceFile.statements.forEach((stmt, i) => {
      if (broken.has(i)) return;
      const symbol = this.checker.getSymbolAtLocation(stmt.name);
      this.types.set(
        `${kinds[i].apiVersion}|${kinds[i].kind}`,
        this.checker.getDeclaredTypeOfSymbol(symbol),
      );
    });
  }

  errors(obj) {
    const type = this.types.get(`${obj.apiVersion}|${obj.kind}`);
    if (!type) return [`no API type for apiVersion ${obj.apiVersion}, kind ${obj.kind}`];
    const out = [];
    this.walk(type, obj, "", out);
    return out;
  }

  walk(type, value, at, out) {
    if (value === null || typeof value !== "object") return; // scalars: the schema check
    const c = this.checker;
    let t = c.getNonNullableType(type);
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (t.isUnion()) {
      const objects = t.types.filter((m) => m.flags & ts.TypeFlags.Object);
      if (objects.length !== 1) return; // an object where a scalar belongs: the schema check
      t = objects[0];
    }
    if (Array.isArray(value)) {
      if (!c.isArrayType(t)) return;
      const element = c.getTypeArguments(t)[0];
      value.forEach((v, i) => this.walk(element, v, `${at}[${i}]`, out));
      return;
    }
    const index = c.getIndexTypeOfType(t, ts.IndexKind.String);
    for (const [key, v] of Object.entries(value)) {
      const where = at ? `${at}.${key}` : key;
      const prop = c.getPropertyOfType(t, key);
      if (prop) this.walk(c.getTypeOfSymbolAtLocation(prop, this.sourceFile), v, where, out);
      else if (index) this.walk(index, v, where, out);
      else out.push(`${where}: unknown field (${c.typeToString(t)} has none by that name)`);
    }
  }
}

const checkers = new Map();
function fieldChecker(docs) {
  const kinds = [];
  const seen = new Set();
  for (const { obj } of docs) {
    const key = `${obj.apiVersion}|${obj.kind}`;
    if (typeof obj.apiVersion === "string" && typeof obj.kind === "string" && !seen.has(key)) {
      seen.add(key);
      kinds.push({ apiVersion: obj.apiVersion, kind: obj.kind });
    }
  }
  const id = [...seen].sort().join(",");
  if (!checkers.has(id)) checkers.set(id, new FieldChecker(kinds));
  return checkers.get(id);
}

// --- kustomization.yaml ----------------------------------------------------

// The Kustomization fields this directory may use; anything else is a typo
// or a feature to add here on purpose.
const kustomizationKeys = new Set([
  "apiVersion",
  "kind",
  "namespace",
  "namePrefix",
  "nameSuffix",
  "labels",
  "commonAnnotations",
  "resources",
  "components",
  "images",
  "replicas",
  "patches",
  "configMapGenerator",
  "secretGenerator",
  "generatorOptions",
]);

// Manifests that are examples to copy, never applied as they are.
const isExample = (f) => f.endsWith(".example.yaml");

function kustomizationErrors(dir, text) {
  const errors = [];
  const { docs, errors: yamlErrors } = readDocuments("kustomization.yaml", text);
  if (yamlErrors.length) return yamlErrors;
  const k = docs[0]?.obj ?? {};
  if (k.apiVersion !== "kustomize.config.k8s.io/v1beta1" || k.kind !== "Kustomization") {
    errors.push(
      "kustomization.yaml: expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization",
    );
  }
  for (const key of Object.keys(k)) {
    if (!kustomizationKeys.has(key))
      errors.push(`kustomization.yaml: ${key}: unknown or unexpected field`);
  }
  const listed = new Set(k.resources ?? []);
  for (const r of listed) {
    if (!fs.existsSync(path.join(dir, r)))
      errors.push(`kustomization.yaml: resources: ${r} does not exist`);
  }
  for (const f of manifestFiles(dir)) {
    if (!isExample(f) && !listed.has(f))
      errors.push(`kustomization.yaml: ${f} is not listed in resources`);
    if (isExample(f) && listed.has(f))
      errors.push(`kustomization.yaml: ${f} is an example and must not be applied`);
  }
  return errors;
}

function manifestFiles(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml")
    .sort();
}

// --- running -----------------------------------------------------------------

// Validates a set of {file, obj} documents; returns [{what, errors}].
async function validateDocuments(docs) {
  const out = [];
  const checker = fieldChecker(docs);
  for (const d of docs) {
    const errors = [];
    if (typeof d.obj !== "object" || Array.isArray(d.obj) || !d.obj.apiVersion || !d.obj.kind) {
      out.push({
        what: `${d.file}: a document`,
        errors: [`${d.file}: a document without apiVersion and kind`],
      });
      continue;
    }
    for (const e of await schemaErrors(d.obj)) errors.push(`${d.file} ${label(d)}: schema: ${e}`);
    for (const e of checker.errors(d.obj)) errors.push(`${d.file} ${label(d)}: ${e}`);
    out.push({ what: `${d.file.padEnd(24)} ${label(d)}`, errors });
  }
  for (const { check, errors } of crossChecks(docs))
    out.push({ what: `cross-check: ${check}`, errors });
  return out;
}

async function validateDir(dir) {
  const out = [];
  const docs = [];
  for (const f of manifestFiles(dir)) {
    const { docs: ds, errors } = readDocuments(f, fs.readFileSync(path.join(dir, f), "utf8"));
    if (errors.length) out.push({ what: f, errors });
    docs.push(...ds);
  }
  const kPath = path.join(dir, "kustomization.yaml");
  if (fs.existsSync(kPath)) {
    const errors = kustomizationErrors(dir, fs.readFileSync(kPath, "utf8"));
    out.push({
      what: "kustomization.yaml: keys known, resources present, every manifest listed",
      errors,
    });
  }
  out.push(...(await validateDocuments(docs)));
  return out;
}

function report(title, results) {
  console.log(title);
  let failed = 0;
  for (const r of results) {
    if (r.errors.length) failed++;
    console.log(`  ${r.errors.length ? "FAIL" : "ok  "}  ${r.what}`);
    for (const e of r.errors) console.log(`          ${e}`);
  }
  console.log(`manifests: ${results.length - failed} passed, ${failed} failed`);
  return failed;
}

// Known mistakes, each injected into a fresh copy of the manifests; every
// one must be rejected, with an error naming it.
const mistakes = [
  {
    what: "an unknown field (replicass) in the Deployment spec",
    file: "deployment.yaml",
    from: "  minReadySeconds: 5\n",
    to: "  minReadySeconds: 5\n  replicass: 2\n",
    expect: "spec.replicass: unknown field",
  },
  {
    what: "a misspelt field (labelz) in metadata",
    file: "service.yaml",
    from: "  labels:\n",
    to: "  labelz:\n",
    expect: "metadata.labelz: unknown field",
  },
  {
    what: 'containerPort: "abc"',
    file: "deployment.yaml",
    from: "containerPort: 8080",
    to: 'containerPort: "abc"',
    expect: "containerPort: must be integer",
  },
  {
    what: "memory: 512MB (not a quantity)",
    file: "deployment.yaml",
    from: "memory: 512Mi",
    to: "memory: 512MB",
    expect: 'must match format "quantity"',
  },
  {
    what: "a Service port naming no container port",
    file: "service.yaml",
    from: "targetPort: http",
    to: "targetPort: htp",
    expect: "targets 'htp'",
  },
  {
    what: "a voxgate.toml key voxgate does not know",
    file: "configmap.yaml",
    from: "threads = 2",
    to: "thread = 2",
    expect: "unknown key 'server.thread'",
  },
  {
    what: "terminationGracePeriodSeconds shorter than the drain",
    file: "deployment.yaml",
    from: "terminationGracePeriodSeconds: 330",
    to: "terminationGracePeriodSeconds: 30",
    expect: "live calls would be killed",
  },
  {
    what: "a kustomization resource that does not exist",
    file: "kustomization.yaml",
    from: "  - pdb.yaml\n",
    to: "  - pdbs.yaml\n",
    expect: "pdbs.yaml does not exist",
  },
];

async function selfTest(dir) {
  let failed = 0;
  console.log(
    `self-test: ${mistakes.length} mistakes injected into copies of ${path.relative(process.cwd(), dir) || "."}`,
  );
  for (const m of mistakes) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "voxgate-manifests-"));
    try {
      for (const f of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)))
        fs.copyFileSync(path.join(dir, f), path.join(tmp, f));
      const text = fs.readFileSync(path.join(tmp, m.file), "utf8");
      if (!text.includes(m.from)) {
        console.log(
          `  FAIL  ${m.what}: '${m.from.trim()}' is no longer in ${m.file}; update the self-test`,
        );
        failed++;
        continue;
      }
      fs.writeFileSync(path.join(tmp, m.file), text.replace(m.from, m.to));
      const errors = (await validateDir(tmp)).flatMap((r) => r.errors);
      const hit = errors.find((e) => e.includes(m.expect));
      if (hit) {
        console.log(`  ok    ${m.what}: rejected`);
        console.log(`          ${hit}`);
      } else {
        console.log(`  FAIL  ${m.what}: accepted (expected an error with "${m.expect}")`);
        failed++;
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  console.log(`self-test: ${mistakes.length - failed} passed, ${failed} failed`);
  return failed;
}

async function main(argv) {
  const started = Date.now();
  const versions = ["kubernetes-models", "kubernetes-types", "typescript"]
    .map(
      (p) =>
        `${p} ${JSON.parse(fs.readFileSync(path.join(here, "node_modules", p, "package.json"), "utf8")).version}`,
    )
    .join(", ");
  let failed;
  if (argv[0] === "--rendered") {
    const file = argv[1];
    const { docs, errors } = readDocuments(path.basename(file), fs.readFileSync(file, "utf8"));
    const results = [
      ...(errors.length ? [{ what: file, errors }] : []),
      ...(await validateDocuments(docs)),
    ];
    failed = report(`validate: ${file} (${versions})`, results);
  } else if (argv[0] === "--self-test") {
    failed = await selfTest(path.resolve(argv[1] ?? path.join(here, "..")));
  } else {
    const dir = path.resolve(argv[0] ?? path.join(here, ".."));
    failed = report(
      `validate: ${path.relative(process.cwd(), dir) || "."} (${versions})`,
      await validateDir(dir),
    );
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
