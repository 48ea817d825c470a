// Promo codes, under the names the pages use; the wrappers are generated in ./commands.
export {
  promosList as promos,
  promoCreate as createPromo,
  promosGenerate as generatePromos,
  promoSetActive as setPromoActive,
  promoUses,
  promoLink,
  promosExport as exportPromos,
  promoUsesExport as exportPromoUses,
  promosOfOrder as orderPricing,
} from "./commands";
