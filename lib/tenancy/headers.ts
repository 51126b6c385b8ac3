/** Headers only proxy.ts may set; any incoming copy is deleted before routing. */
export const WORKSPACE_HEADER = "x-portal-workspace-id";
export const HOST_HEADER = "x-portal-host";
export const ROUTING_HEADERS = [WORKSPACE_HEADER, HOST_HEADER] as const;
