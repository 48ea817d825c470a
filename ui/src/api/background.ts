// Running in the background, under the names the pages use; the wrappers are generated in ./commands.
export {
  backgroundAutostart as startsAtLogin,
  backgroundSetAutostart as setStartsAtLogin,
  backgroundQuit as quitStardesk,
} from "./commands";
