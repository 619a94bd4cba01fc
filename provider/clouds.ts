// The national clouds as Microsoft documents them: each has its own Entra ID
// authority and its own Graph host, and a token is only valid for its cloud.
export const clouds = {
  global: { authorityHost: "https://login.microsoftonline.com", graphHost: "https://graph.microsoft.com" },
  usGovernment: {
    authorityHost: "https://login.microsoftonline.us",
    graphHost: "https://graph.microsoft.us",
  },
  usGovernmentDoD: {
    authorityHost: "https://login.microsoftonline.us",
    graphHost: "https://dod-graph.microsoft.us",
  },
  china: {
    authorityHost: "https://login.chinacloudapi.cn",
    graphHost: "https://microsoftgraph.chinacloudapi.cn",
  },
} as const;

export type Cloud = keyof typeof clouds;
export const cloudNames = Object.keys(clouds) as Cloud[];
