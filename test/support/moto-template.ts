import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: Json;
  [key: string]: Json | undefined;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  [key: string]: Json | Record<string, CfnResource> | undefined;
}

/**
 * The resource types of feedwright's stack that moto 5.2.1's CloudFormation cannot create: no moto model
 * has that `cloudformation_type` (moto/cloudformation/parsing.py then logs "No Moto CloudFormation support
 * for …" and skips the resource). The smoke deploy swaps each such resource for a stand-in. The test
 * checks that every type here still occurs in the real template, and that moto warns about no other.
 */
export const MOTO_UNSUPPORTED_TYPES: readonly string[] = [
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::OriginAccessControl',
  // FeedsBucketPolicy, and the policy osls puts on its own deployment bucket.
  'AWS::S3::BucketPolicy',
  // The function's retries and on-failure destination.
  'AWS::Lambda::EventInvokeConfig',
  'AWS::CloudWatch::Alarm',
  'AWS::Logs::MetricFilter',
  // Created only with contentBucket / alertEmail, which the smoke deploy leaves empty; swapped all the same.
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::Subscription',
];

/** A resource with no properties and no behaviour, in real CloudFormation as in moto (which creates nothing for it). */
export const STAND_IN_TYPE = 'AWS::CloudFormation::WaitConditionHandle';

/** The fixed string a `Ref` (no attribute) or `Fn::GetAtt` to a swapped resource becomes; `.invalid` never resolves. */
export function standInValue(logicalId: string, attribute?: string): string {
  return `${attribute ? `${logicalId}.${attribute}` : logicalId}.stand-in.invalid`.toLowerCase();
}

/**
 * Swaps every resource of a type in MOTO_UNSUPPORTED_TYPES for a STAND_IN_TYPE resource (keeping its
 * Condition, DependsOn and other attributes; dropping its Properties), and every `Ref`, `Fn::GetAtt` and
 * `Fn::Sub` variable naming one of them for standInValue(). Everything else is returned unchanged.
 */
export function replaceUnsupported(template: CfnTemplate): { template: CfnTemplate; replaced: string[] } {
  const replaced = Object.entries(template.Resources)
    .filter(([, resource]) => MOTO_UNSUPPORTED_TYPES.includes(resource.Type))
    .map(([logicalId]) => logicalId);
  const swapped = new Set(replaced);
  const resources = Object.fromEntries(
    Object.entries(template.Resources).map(([logicalId, resource]) => {
      if (!swapped.has(logicalId)) return [logicalId, resource];
      const { Type: _type, Properties: _properties, ...attributes } = resource;
      return [logicalId, { ...attributes, Type: STAND_IN_TYPE }];
    }),
  );
  const rewritten = withStandInReferences({ ...template, Resources: resources } as Json, swapped);
  return { template: rewritten as unknown as CfnTemplate, replaced };
}

function withStandInReferences(node: Json, swapped: Set<string>): Json {
  if (Array.isArray(node)) return node.map((item) => withStandInReferences(item, swapped));
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const value = node[key] as Json;
    if (key === 'Ref' && typeof value === 'string' && swapped.has(value)) return standInValue(value);
    if (key === 'Fn::GetAtt') {
      const [logicalId, attribute] = typeof value === 'string' ? splitOnce(value) : (value as string[]);
      if (logicalId !== undefined && swapped.has(logicalId)) return standInValue(logicalId, attribute);
    }
    if (key === 'Fn::Sub') return substituteStandIns(value, swapped);
  }
  return Object.fromEntries(keys.map((key) => [key, withStandInReferences(node[key] as Json, swapped)]));
}

function substituteStandIns(sub: Json, swapped: Set<string>): Json {
  const [text, variables] =
    typeof sub === 'string' ? [sub, undefined] : (sub as [string, Record<string, Json>]);
  let substitutions = 0;
  // `${!Literal}` is an escaped literal; a name the variables map defines is not a resource.
  const substituted = text.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => {
    const [logicalId, attribute] = splitOnce(name);
    if ((variables && name in variables) || !swapped.has(logicalId)) return whole;
    substitutions += 1;
    return standInValue(logicalId, attribute);
  });
  if (variables) return { 'Fn::Sub': [substituted, withStandInReferences(variables, swapped)] };
  // A Sub left without a variable is a plain string: moto's ValidateTemplate (cfn-lint) refuses the Sub.
  return substitutions > 0 && !substituted.includes('${') ? substituted : { 'Fn::Sub': substituted };
}

function splitOnce(name: string): [string, string | undefined] {
  const dot = name.indexOf('.');
  return dot === -1 ? [name, undefined] : [name.slice(0, dot), name.slice(dot + 1)];
}

/** The templates osls writes into a package folder, beside the artifact: for reading; deploy does not use them. */
export const TEMPLATE_FILES = [
  'cloudformation-template-create-stack.json',
  'cloudformation-template-update-stack.json',
] as const;

export const STATE_FILE = 'serverless-state.json';

/** osls's own JSON reader and writer for serverless-state.json (repeated objects are `$ref` paths). */
const jsonCycle = createRequire(path.resolve('node_modules/serverless/package.json'))('json-cycle') as {
  parse(text: string): unknown;
  stringify(value: unknown, replacer: null, space: number): string;
};

interface ServiceState {
  service: {
    provider: { compiledCloudFormationTemplate: CfnTemplate; coreCloudFormationTemplate: CfnTemplate };
  };
}

/** Reads a package folder's serverless-state.json as `serverless deploy --package` does. */
export async function readServiceState(packageDir: string): Promise<ServiceState> {
  return jsonCycle.parse(await readFile(path.join(packageDir, STATE_FILE), 'utf8')) as ServiceState;
}

/**
 * Copies a `serverless package` folder and swaps the resources moto cannot create (replaceUnsupported).
 * `serverless deploy --package` takes both templates from serverless-state.json (the core template creates
 * the stack and its deployment bucket, the compiled one updates it), so that is where the swap matters; the
 * two template files are rewritten too, so the folder stays consistent.
 */
export async function packageForMoto(packageDir: string): Promise<{ dir: string; replaced: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-moto-package-'));
  await cp(packageDir, dir, { recursive: true });
  const state = await readServiceState(dir);
  const provider = state.service.provider;
  const compiled = replaceUnsupported(provider.compiledCloudFormationTemplate);
  const core = replaceUnsupported(provider.coreCloudFormationTemplate);
  provider.compiledCloudFormationTemplate = compiled.template;
  provider.coreCloudFormationTemplate = core.template;
  await writeFile(path.join(dir, STATE_FILE), jsonCycle.stringify(state, null, 2));
  for (const file of TEMPLATE_FILES) {
    const original = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CfnTemplate;
    await writeFile(path.join(dir, file), JSON.stringify(replaceUnsupported(original).template, null, 2));
  }
  const replaced = new Set([...compiled.replaced, ...core.replaced]);
  return { dir, replaced: [...replaced].sort() };
}
