// The window itself; the wrapper is generated in ./commands.
export { windowReady } from "./commands";
