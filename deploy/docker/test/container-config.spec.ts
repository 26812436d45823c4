import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';

// Nothing here builds or runs an image (no Docker engine on these machines, no image can be
// pulled): these are the static checks of the container artefacts, with tools from the npm registry.
/** A parsed YAML document: untyped here, the schemas below are what check it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = (pkg: string, rel: string) => join(repo, 'node_modules', pkg, rel);

describe('docker-compose.yml', () => {
  // The Compose Specification JSON schema as dclint 3.1.0 (npm) ships it.
  // Its $schema names draft-07 by an https address ajv does not know: dropped, as dclint does.
  const { $schema: _draft07, ...schema } = JSON.parse(
    readFileSync(bin('dclint', 'schemas/compose.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  const validate = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true, logger: false }).compile(schema);
  const compose = () =>
    parseYaml(readFileSync(join(repo, 'docker-compose.yml'), 'utf8'), { merge: true }) as Record<string, Yaml>;

  it('is valid against the Compose Specification schema (and the schema rejects a broken file)', () => {
    expect({ valid: validate(compose()), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    const broken = compose();
    broken.services.gateway.depends_on.postgres.condition = 'service_up';
    broken.services.gateway.restart = 42;
    expect(validate(broken)).toBe(false);
  });

  it('passes dclint with the project rules (.config/dclint.json: key order and service order are style, not checked)', () => {
    const res = spawnSync(
      process.execPath,
      [bin('dclint', 'bin/dclint.cjs'), '-c', join(repo, '.config', 'dclint.json'), 'docker-compose.yml'],
      { cwd: repo, encoding: 'utf8' },
    );
    expect({ status: res.status, out: res.stdout + res.stderr }).toEqual({
      status: 0,
      out: expect.not.stringMatching(/error|warning/),
    });
  });

  it('sets every secret from the environment, runs no demo users and pins a nats-server and PostgreSQL', () => {
    const c = compose();
    expect(c.services.gateway.environment.SLRT_DEMO).toBe('0');
    const text = readFileSync(join(repo, 'docker-compose.yml'), 'utf8');
    for (const m of text.matchAll(/(PASSWORD|SECRET|HASH_KEY): (\S+)/g))
      expect({ key: m[1], value: m[2] }).toEqual({ key: m[1], value: expect.stringMatching(/^\$\{/) });
    expect(c.services.nats.image).toMatch(/^nats:2\.\d+/);
    expect(c.services.postgres.image).toMatch(/^postgres:\d+/);
  });
});

describe('deploy/docker/Dockerfile', () => {
  const dockerfile = readFileSync(join(repo, 'deploy', 'docker', 'Dockerfile'), 'utf8');

  it('passes dockerfilelint, but for its known misreading of HEALTHCHECK --start-period', () => {
    const res = spawnSync(
      process.execPath,
      [bin('dockerfilelint', 'bin/dockerfilelint'), '-j', 'deploy/docker/Dockerfile'],
      { cwd: repo, encoding: 'utf8' },
    );
    const report = JSON.parse(res.stdout) as {
      files: Array<{ issues: Array<{ line: string; title: string; category: string }> }>;
    };
    const issues = report.files.flatMap((f) => f.issues);
    // dockerfilelint 1.8.0 matches options with /--\w+/, so `--start-period` reads as `--start`
    // (not in its own list of allowed options, which does include --start-period): one false
    // positive on the HEALTHCHECK line, nothing else.
    const healthcheckLine = String(dockerfile.split('\n').findIndex((l) => l.startsWith('HEALTHCHECK')) + 1);
    expect(issues).toEqual([expect.objectContaining({ line: healthcheckLine, title: 'Invalid Argument Format' })]);
    // It does find real mistakes.
    const bad = spawnSync(
      process.execPath,
      [
        bin('dockerfilelint', 'bin/dockerfilelint'),
        '-j',
        'FROM node:24-bookworm-slim\nRUN apt-get install curl\nEXPOSE 99999\nADD . /app\n',
      ],
      { cwd: repo, encoding: 'utf8' },
    );
    expect((JSON.parse(bad.stdout) as typeof report).files.flatMap((f) => f.issues).length).toBeGreaterThanOrEqual(3);
  });

  it('builds on the Node LTS the project supports, runs as the node user, no secret in the image', () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.every((f) => f!.startsWith('node:24-bookworm-slim'))).toBe(true);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).not.toMatch(/PASSWORD|SECRET|HASH_KEY/);
  });
});

describe('deploy/k8s', () => {
  const dir = join(repo, 'deploy', 'k8s');
  const kustomization = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
    patches: Array<{ path: string; target: { kind: string } }>;
  };
  // kubernetes-models 5.1.0 (npm): the Kubernetes OpenAPI schemas of every built-in kind, with ajv.
  const MODELS: Record<string, new (o: Yaml) => { validate(): void }> = {
    'v1/Namespace': Namespace,
    'v1/ConfigMap': ConfigMap,
    'v1/Secret': Secret,
    'v1/Service': Service,
    'apps/v1/Deployment': Deployment,
    'batch/v1/Job': Job,
    'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
    'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  };
  const modelOf = (apiVersion: string, kind: string) => {
    const Model = MODELS[`${apiVersion}/${kind}`];
    if (!Model) throw new Error(`no schema model for ${apiVersion} ${kind}: add it to MODELS`);
    return Model;
  };
  type Doc = { apiVersion: string; kind: string; metadata: { name: string }; spec?: Yaml };
  const docs = (file: string) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
      .map((d) => d.toJS() as Doc)
      .filter(Boolean);
  /** The JSON 6902 `add` operations of a patch file, as kustomize applies them to each target. */
  const applyPatch = (doc: Doc, file: string) => {
    const ops = parseYaml(readFileSync(join(dir, file), 'utf8')) as Array<{ op: string; path: string; value: unknown }>;
    const copy = structuredClone(doc) as Record<string, Yaml>;
    for (const op of ops) {
      expect(op.op).toBe('add');
      const keys = op.path.split('/').slice(1);
      const parent = keys.slice(0, -1).reduce((o, k) => o[k], copy);
      parent[keys.at(-1)!] = op.value;
    }
    return copy as Doc;
  };
  const all = () => kustomization.resources.flatMap((f) => docs(f).map((d) => ({ file: f, doc: d })));

  it('every resource of the kustomization, patched as kustomize patches it, is valid against the Kubernetes schemas', () => {
    const seen: string[] = [];
    for (const { file, doc } of all()) {
      let patched = doc;
      for (const p of kustomization.patches.filter((x) => x.target.kind === doc.kind))
        patched = applyPatch(patched, p.path);
      const Model = modelOf(doc.apiVersion, doc.kind);
      expect(() => new Model(patched).validate()).not.toThrow();
      seen.push(`${file}:${doc.kind}/${doc.metadata.name}`);
    }
    expect(seen.length).toBeGreaterThan(15);
    // The example Secret (not in the kustomization: filled in by the operator) is valid too.
    for (const doc of docs('secret.example.yaml'))
      expect(() => new (modelOf(doc.apiVersion, doc.kind))(doc).validate()).not.toThrow();
  });

  it('rejects a broken manifest (a container port given as text)', () => {
    const deployment = all().find((x) => x.doc.kind === 'Deployment')!.doc;
    const broken = structuredClone(deployment);
    broken.spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
    expect(() => new (modelOf('apps/v1', 'Deployment'))(broken).validate()).toThrow(/containerPort/);
  });

  it('autoscales intake from at least 2 replicas, with a disruption budget', () => {
    const hpa = all().find((x) => x.doc.kind === 'HorizontalPodAutoscaler')!.doc;
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: expect.stringContaining('intake') },
      minReplicas: expect.any(Number),
      maxReplicas: expect.any(Number),
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(all().some((x) => x.doc.kind === 'PodDisruptionBudget')).toBe(true);
  });

  it('lists every manifest of the folder (none forgotten by kustomize)', () => {
    const files = readdirSync(dir).filter(
      (f) =>
        f.endsWith('.yaml') && !['kustomization.yaml', 'secret.example.yaml'].includes(f) && !f.endsWith('.patch.yaml'),
    );
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });
});
