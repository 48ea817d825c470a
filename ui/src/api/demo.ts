// Demo mode's simulated shopper, under the names the pages use; the wrappers are generated in ./commands.
export {
  demoShoppers as shoppers,
  demoCreateShopper as createShopper,
  demoOpenShop as openShop,
  demoSend as sendMessage,
  demoPress as pressButton,
  demoPay as payInvoice,
  demoBuy as buyProduct,
  demoChat as chat,
  demoOpenLink as openLink,
  demoLater as later,
  demoNow as simulatedNow,
  demoReferFriend as referFriend,
} from "./commands";
