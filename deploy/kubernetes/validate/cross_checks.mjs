// Checks between the documents of deploy/kubernetes, which no schema sees:
// labels and port names that must agree, Secret keys, the drain arithmetic,
// and voxgate.toml's keys against voxgate's own. Used by validate.mjs.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

// voxgate's configuration keys, as its loader knows them.
function voxgateKeys() {
  const src = fs.readFileSync(path.join(repoRoot, "src/config/config_fields.cpp"), "utf8");
  const keys = new Set([...src.matchAll(/\{"([a-z_]+\.[a-z_]+)",/g)].map((m) => m[1]));
  keys.add("tools.webhook"); // an array of tables (docs/tools.md), read apart
  return keys;
}

const subset = (small, big) => Object.entries(small ?? {}).every(([k, v]) => big?.[k] === v);
const portNamesOf = (containers) =>
  new Set(containers.flatMap((c) => (c.ports ?? []).map((p) => p.name)));

// The Deployment's pods: selector, probe ports, ConfigMap and Secret
// references.
function podChecks(name, dep, set, check) {
  const pod = dep.spec?.template ?? {};
  const containers = pod.spec?.containers ?? [];
  check(
    `${name}: selector matches the pod labels`,
    subset(dep.spec?.selector?.matchLabels, pod.metadata?.labels ?? {})
      ? []
      : [`${name}: spec.selector.matchLabels not in the pod's labels`],
  );

  const ports = portNamesOf(containers);
  const probeErrors = [];
  for (const c of containers) {
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const port = c[probe]?.httpGet?.port;
      if (typeof port === "string" && !ports.has(port)) {
        probeErrors.push(`${name}: ${c.name}.${probe} names port '${port}', which none declares`);
      }
    }
  }
  check(`${name}: probe ports are declared`, probeErrors);

  const refErrors = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap && !set.configMaps.some((m) => m.metadata?.name === v.configMap.name)) {
      refErrors.push(
        `${name}: volume ${v.name} names ConfigMap '${v.configMap.name}', not in the set`,
      );
    }
  }
  // Secrets are checked only where one is in the set (secret.example.yaml
  // is; "kubectl kustomize" output is not), so a key mistyped on either side
  // shows.
  for (const c of containers) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      const secret = ref && set.secrets.find((s) => s.metadata?.name === ref.name);
      if (secret && !(ref.key in (secret.stringData ?? {})) && !(ref.key in (secret.data ?? {}))) {
        refErrors.push(
          `${name}: env ${e.name} wants key '${ref.key}', which Secret/${ref.name} lacks`,
        );
      }
    }
  }
  check(`${name}: ConfigMap and Secret references resolve`, refErrors);
}

// SIGTERM drains (README "Running it for real"): --shutdown-grace for the
// calls to end (default 10 s), then up to 8 s of fallback clip and 2 s for
// the calls to close (VoxgateApp::stop). The preStop hook runs first and
// counts against the same period.
function drainCheck(name, dep, check) {
  const pod = dep.spec?.template ?? {};
  const c0 = pod.spec?.containers?.[0] ?? {};
  const args = [...(c0.command ?? []), ...(c0.args ?? [])];
  const graceAt = args.indexOf("--shutdown-grace");
  const grace = graceAt >= 0 ? Number(args[graceAt + 1]) : 10;
  const preStop = c0.lifecycle?.preStop;
  const execSleep = preStop?.exec?.command?.[0]?.endsWith("sleep");
  const sleep = preStop?.sleep?.seconds ?? (execSleep ? Number(preStop.exec.command[1]) : 0);
  const tgps = pod.spec?.terminationGracePeriodSeconds ?? 30;
  check(
    `${name}: terminationGracePeriodSeconds ${tgps} >= preStop ${sleep} + --shutdown-grace ${grace} + 10`,
    tgps >= sleep + grace + 10
      ? []
      : [
          `${name}: terminationGracePeriodSeconds ${tgps} is less than preStop ${sleep} s + ` +
            `--shutdown-grace ${grace} s + 10 s of fallback clip: live calls would be killed`,
        ],
  );
}

// The voxgate.toml that --config names, from the ConfigMap mounted there:
// only keys voxgate knows (it refuses to start on others), and the ports the
// pod declares. Returns the parsed file, or null.
function configCheck(name, dep, set, check) {
  const pod = dep.spec?.template ?? {};
  const c0 = pod.spec?.containers?.[0] ?? {};
  const args = [...(c0.command ?? []), ...(c0.args ?? [])];
  const configAt = args.indexOf("--config");
  const configPath = configAt >= 0 ? args[configAt + 1] : undefined;
  const mount = (c0.volumeMounts ?? []).find((m) => configPath?.startsWith(`${m.mountPath}/`));
  const volume = (pod.spec?.volumes ?? []).find((v) => v.name === mount?.name);
  const cm = set.configMaps.find((m) => m.metadata?.name === volume?.configMap?.name);
  const text = cm?.data?.[path.basename(configPath ?? "")];
  if (text === undefined) return null;

  const errors = [];
  let toml = null;
  try {
    toml = parseToml(text);
  } catch (e) {
    errors.push(`voxgate.toml: ${e.message.split("\n")[0]}`);
  }
  const known = voxgateKeys();
  for (const [section, table] of Object.entries(toml ?? {})) {
    if (typeof table !== "object" || Array.isArray(table)) {
      errors.push(`voxgate.toml: '${section}' must be a [section] table`);
      continue;
    }
    for (const key of Object.keys(table)) {
      if (!known.has(`${section}.${key}`)) {
        errors.push(
          `voxgate.toml: unknown key '${section}.${key}' (voxgate would refuse to start)`,
        );
      }
    }
  }
  const portOf = (portName) => c0.ports?.find((p) => p.name === portName)?.containerPort;
  const port = toml?.server?.port ?? 8080;
  if (toml && port !== portOf("http")) {
    errors.push(
      `voxgate.toml: server.port ${port} is not the "http" containerPort ${portOf("http")}`,
    );
  }
  const listen = toml?.server?.metrics_listen ?? "";
  if (toml && portOf("metrics") !== undefined && !listen.endsWith(`:${portOf("metrics")}`)) {
    errors.push(`voxgate.toml: server.metrics_listen '${listen}' is not on the "metrics" port`);
  }
  check(
    `${name}: ${configPath} (ConfigMap/${cm.metadata?.name}): voxgate's keys, the pod's ports`,
    errors,
  );
  return toml;
}

function serviceCheck(svc, set, check) {
  const name = `Service/${svc.metadata?.name}`;
  const dep = set.podsOf(svc.spec?.selector);
  const errors = dep ? [] : [`${name}: selector matches no Deployment's pods`];
  const ports = portNamesOf(dep?.spec?.template?.spec?.containers ?? []);
  for (const p of svc.spec?.ports ?? []) {
    if (dep && typeof p.targetPort === "string" && !ports.has(p.targetPort)) {
      errors.push(
        `${name}: port ${p.name} targets '${p.targetPort}', which the pods do not declare`,
      );
    }
  }
  check(`${name}: selector and target ports match the pods`, errors);
}

// Backends exist, every host has TLS, and the host is server.public_host:
// voxgate builds the stream URL and checks Twilio's signature with it.
function ingressCheck(ing, set, publicHost, check) {
  const name = `Ingress/${ing.metadata?.name}`;
  const errors = [];
  const tlsHosts = new Set((ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []));
  for (const rule of ing.spec?.rules ?? []) {
    if (tlsHosts.size && !tlsHosts.has(rule.host))
      errors.push(`${name}: host ${rule.host} has no TLS`);
    if (publicHost && rule.host !== publicHost) {
      errors.push(`${name}: host ${rule.host} is not server.public_host '${publicHost}'`);
    }
    for (const p of rule.http?.paths ?? []) {
      const b = p.backend?.service;
      const svc = set.services.find((s) => s.metadata?.name === b?.name);
      const hasPort = (svc?.spec?.ports ?? []).some(
        (sp) => (b.port?.name && sp.name === b.port.name) || sp.port === b.port?.number,
      );
      if (!svc) errors.push(`${name}: ${p.path} goes to Service '${b?.name}', not in the set`);
      else if (!hasPort) errors.push(`${name}: ${p.path} goes to a port Service/${b.name} lacks`);
    }
  }
  check(`${name}: backends, TLS hosts and server.public_host agree`, errors);
}

function hpaCheck(hpa, docs, set, check) {
  const name = `HorizontalPodAutoscaler/${hpa.metadata?.name}`;
  const ref = hpa.spec?.scaleTargetRef ?? {};
  const errors = [];
  if (!docs.some((d) => d.obj.kind === ref.kind && d.obj.metadata?.name === ref.name)) {
    errors.push(`${name}: scaleTargetRef ${ref.kind}/${ref.name} is not in the set`);
  }
  if ((hpa.spec?.minReplicas ?? 1) > hpa.spec?.maxReplicas) {
    errors.push(`${name}: minReplicas above maxReplicas`);
  }
  const target = set.deployments.find((d) => d.metadata?.name === ref.name);
  if (target?.spec?.replicas !== undefined) {
    errors.push(`${name}: Deployment/${ref.name} sets replicas, which every apply would reset`);
  }
  check(`${name}: scales a Deployment of the set, which leaves replicas to it`, errors);
}

// Returns [{check, errors}] for the documents [{file, obj}].
export function crossChecks(docs) {
  const results = [];
  const check = (name, errors) => results.push({ check: name, errors });
  const of = (kind) => docs.filter((d) => d.obj.kind === kind).map((d) => d.obj);
  const set = {
    deployments: of("Deployment"),
    configMaps: of("ConfigMap"),
    secrets: of("Secret"),
    services: of("Service"),
  };
  set.podsOf = (selector) =>
    set.deployments.find(
      (d) =>
        Object.keys(selector ?? {}).length && subset(selector, d.spec?.template?.metadata?.labels),
    );

  let toml = null;
  for (const dep of set.deployments) {
    const name = `Deployment/${dep.metadata?.name}`;
    podChecks(name, dep, set, check);
    drainCheck(name, dep, check);
    toml = configCheck(name, dep, set, check) ?? toml;
  }
  for (const svc of set.services.filter((s) => s.spec?.type !== "ExternalName")) {
    serviceCheck(svc, set, check);
  }
  for (const ing of of("Ingress")) ingressCheck(ing, set, toml?.server?.public_host, check);
  for (const hpa of of("HorizontalPodAutoscaler")) hpaCheck(hpa, docs, set, check);
  for (const pdb of of("PodDisruptionBudget")) {
    const name = `PodDisruptionBudget/${pdb.metadata?.name}`;
    const matches = set.podsOf(pdb.spec?.selector?.matchLabels);
    check(
      `${name}: selector matches a Deployment's pods`,
      matches ? [] : [`${name}: matches no pods`],
    );
  }
  return results;
}
