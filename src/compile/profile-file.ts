import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../config/config.js';
import { GodwitError } from '../core/errors.js';
import { BUILTIN_PROFILES } from './profiles.js';
import type { TargetName, TargetProfile } from './target.js';

export const PROFILE_FILE = 'godwit.profiles.yaml';

type ProfileEntry = Partial<TargetProfile> & { extends?: string };

/** The cloud a target runs in, and so its default profile. */
export const DEFAULT_PROFILE: Readonly<Record<TargetName, string>> = { sagemaker: 'aws', stepfunctions: 'aws', kfp: 'gcp' };

/**
 * Finds a profile by name: `godwit.profiles.yaml` in `dir` first, then the `profiles` of the
 * configuration (`godwit.config.yaml`, the user file), then the built-ins `aws` and `gcp`. An
 * entry may `extends` a built-in and override fields.
 */
export async function resolveProfile(name: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<TargetProfile> {
  const fromFile = join(dir, PROFILE_FILE);
  const text = await readFile(fromFile, 'utf8').catch(() => undefined);
  const config = loadConfig({ cwd: dir, env });
  const filed: Record<string, ProfileEntry> = text ? (parse(text)?.profiles ?? {}) : {};
  const entries: Record<string, ProfileEntry> = { ...(config.profiles as Record<string, ProfileEntry>), ...filed };
  // The configuration's layers are merged, so a profile from it is named by the files it came from.
  const path = name in filed ? fromFile : `the configuration (${config.files.join(', ')})`;
  const entry = entries[name];
  if (entry) {
    const base = entry.extends ? BUILTIN_PROFILES[entry.extends] : undefined;
    if (entry.extends && !base) {
      throw new GodwitError(
        'E_PROFILE',
        `Profile "${name}" in ${path} extends "${entry.extends}", which is not a built-in profile.`,
        {
          hint: `Built-in profiles: ${Object.keys(BUILTIN_PROFILES).join(', ')}.`,
        },
      );
    }
    const { extends: _, ...fields } = entry;
    const profile = { ...base, ...fields, name, images: { ...base?.images, ...fields.images } } as TargetProfile;
    if (!profile.artifactRoot)
      throw new GodwitError('E_PROFILE', `Profile "${name}" in ${path} has no artifactRoot.`, {
        hint: 'Set artifactRoot: s3://bucket/prefix or gs://bucket/prefix.',
      });
    return profile;
  }
  const builtin = BUILTIN_PROFILES[name];
  if (builtin) return builtin;
  const known = [...Object.keys(entries), ...Object.keys(BUILTIN_PROFILES)];
  throw new GodwitError('E_PROFILE', `No profile "${name}".`, {
    hint: `Known profiles: ${known.join(', ')}. Define others in ${PROFILE_FILE} or godwit.config.yaml.`,
  });
}
