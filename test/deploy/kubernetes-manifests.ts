import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as keda from '@kubernetes-models/keda';
import * as prometheusOperator from '@kubernetes-models/prometheus-operator';
import * as kubernetes from 'kubernetes-models';
import { parseAllDocuments } from 'yaml';

/**
 * The manifests of infra/k8s as a cluster would receive them: each overlay
 * rendered offline by kustomize (kubectl's, or a standalone kustomize), with
 * the flag that lets the base read the repository's own files.
 */
export const root = path.resolve(import.meta.dirname, '../..');
export const k8sDir = path.join(root, 'infra/k8s');
export const overlays = ['dev', 'prod'] as const;
export type Overlay = (typeof overlays)[number];

/** A rendered object: what every test reads (fields are checked by the models' validators first). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
}

const LOAD_RESTRICTOR = ['--load-restrictor', 'LoadRestrictionsNone'];

/** How this machine renders a kustomization: kubectl (≥ 1.27, kustomize v5) or kustomize itself. */
function renderCommand(dir: string): { command: string; args: string[] } {
  const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  if (has('kubectl', ['version', '--client'])) return { command: 'kubectl', args: ['kustomize', ...LOAD_RESTRICTOR, dir] };
  if (has('kustomize', ['version'])) return { command: 'kustomize', args: ['build', ...LOAD_RESTRICTOR, dir] };
  throw new Error('Rendering infra/k8s needs kubectl ≥ 1.27 or kustomize ≥ 5 on PATH (Debian 12 has neither recent enough: install kubectl from the Kubernetes packages)');
}

export interface Rendered {
  objects: K8sObject[];
  /** What kustomize printed on stderr (deprecation warnings …). */
  warnings: string;
}

const cache = new Map<string, Rendered>();

/** Renders a kustomization directory (relative to infra/k8s) once per run. */
export function render(dir: string): Rendered {
  const cached = cache.get(dir);
  if (cached) return cached;
  const { command, args } = renderCommand(path.join(k8sDir, dir));
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stderr}`);
  const objects = parseAllDocuments(run.stdout).map((doc) => doc.toJS() as K8sObject).filter(Boolean);
  const rendered = { objects, warnings: run.stderr.trim() };
  cache.set(dir, rendered);
  return rendered;
}

export const renderOverlay = (overlay: Overlay) => render(`overlays/${overlay}`).objects;

type ModelClass = { apiVersion: string; kind: string; new (data: unknown): { validate(): void } };

/** Every model class of the three packages by "apiVersion/kind". */
function collectModels(namespace: Record<string, unknown>, into = new Map<string, ModelClass>()): Map<string, ModelClass> {
  for (const value of Object.values(namespace)) {
    if (typeof value === 'function') {
      const model = value as unknown as ModelClass;
      if (typeof model.apiVersion === 'string' && typeof model.kind === 'string') into.set(`${model.apiVersion}/${model.kind}`, model);
    } else if (value && typeof value === 'object') {
      collectModels(value as Record<string, unknown>, into);
    }
  }
  return into;
}

const models = collectModels({ kubernetes, prometheusOperator, keda });

/** Validates an object against its API schema offline; throws on an unknown kind or an invalid object. */
export function validateObject(object: K8sObject): void {
  const Model = models.get(`${object.apiVersion}/${object.kind}`);
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind} (${object.metadata.name})`);
  new Model(object).validate();
}

export const ofKind = <T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as T[];
export const named = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind} ${name} not rendered`);
  return found;
};

/** Pod templates of every workload (Deployments, StatefulSets, Jobs) with their owner. */
export function podTemplates(objects: K8sObject[]): Array<{ owner: K8sObject; pod: any }> {
  return objects.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind)).map((owner) => ({ owner, pod: owner.spec.template.spec }));
}

/** Every container (init containers too) with its pod and owner. */
export function containers(objects: K8sObject[]): Array<{ owner: K8sObject; pod: any; container: any; id: string }> {
  return podTemplates(objects).flatMap(({ owner, pod }) =>
    [...(pod.initContainers ?? []), ...pod.containers].map((container: any) => ({ owner, pod, container, id: `${owner.kind}/${owner.metadata.name}/${container.name}` })),
  );
}

/** Containers running the project's image (routers, subgraphs, the migrate Job). */
export function retailContainers(objects: K8sObject[]) {
  return containers(objects).filter(({ container }) => /(^|\/)retail-federation(:|@)/.test(container.image));
}
