export * from "./auth";
export * from "./workspaces";
export * from "./contacts";
export * from "./portal";
export * from "./messaging";
export * from "./opportunities";
export * from "./hub";
