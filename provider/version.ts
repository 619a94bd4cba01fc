// Kept equal to package.json's version by a test; the User-Agent names it.
export const packageName = "pulumi-intune-connector-sync";
export const packageVersion = "0.1.0";
