export type { Change } from "./change";
export { onChange, startChangeListener, stopChangeListener } from "./on-change";
export { publishChange, publishHostsChange } from "./publish-change";
