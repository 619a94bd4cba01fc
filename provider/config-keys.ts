// Stack config keys in the package's namespace that name no setting: a misspelled key is otherwise
// silently ignored, and the environment's value (AZURE_TENANT_ID, …) used in its place.
import leven from "leven";
import { untrusted } from "./redact";
import { configKey, type SettingName, settingNames, settings } from "./settings";

const namespace = "connectorSync";

/** The setting a key most likely meant: the same name in any case, else one at most two edits away. */
function meant(name: string): SettingName | undefined {
  const same = settingNames.find((setting) => setting.toLowerCase() === name.toLowerCase());
  if (same) return same;
  const [closest] = settingNames
    .map((setting) => ({ setting, distance: leven(setting.toLowerCase(), name.toLowerCase()) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return closest?.setting;
}

/**
 * One warning per key of the stack's config in the package's namespace (in any case) that is not a
 * setting: the key, what it most likely meant, and the variable used instead when one is set. Only
 * keys are shown, never a value, which may be a secret.
 */
export function unknownSettingWarnings(keys: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return keys.flatMap((key) => {
    const at = key.indexOf(":");
    const [space, name] = [key.slice(0, at), key.slice(at + 1)];
    if (at < 0 || space.toLowerCase() !== namespace.toLowerCase()) return [];
    if (space === namespace && (settingNames as readonly string[]).includes(name)) return [];
    const shown = untrusted(key, 100);
    const setting = meant(name);
    const wrongSpace = space !== namespace ? ` (the namespace is '${namespace}', case-sensitive)` : "";
    const guess = setting ? ` Did you mean '${configKey(setting)}'?` : "";
    const variable = setting && settings[setting].env;
    const instead = variable && env[variable] ? ` Until then ${variable} from the environment is used.` : "";
    return [
      `connectorSync: the stack config key '${shown}' is not a setting of this package, and is ignored${wrongSpace}.${guess}${instead} The settings are listed in docs/settings.md.`,
    ];
  });
}

/**
 * One warning per secret setting (a client secret, a certificate's password) that the stack config
 * holds as plain text: `pulumi config set` without `--secret` writes it unencrypted. `isSecret` is the
 * SDK's own word on a key.
 */
export function plaintextSecretWarnings(
  keys: readonly string[],
  isSecret: (key: string) => boolean,
): string[] {
  return settingNames
    .filter((name) => settings[name].secret && keys.includes(configKey(name)) && !isSecret(configKey(name)))
    .map((name) => {
      const key = configKey(name);
      const variable = settings[name].env;
      const instead = variable ? `, or give it as ${variable} from the pipeline's secret store` : "";
      return `connectorSync: ${key} is plain text in the stack config: Pulumi keeps it unencrypted, in the stack's config file and in the state. Set it again with \`pulumi config set --secret ${key}\`${instead}.`;
    });
}
