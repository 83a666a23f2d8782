/** Word lists for the fictional retailer's seed data, keyed by the attribute `semanticType` that uses them. */

export const FIRST_NAMES = [
  'Ava',
  'Ben',
  'Chloé',
  'Diego',
  'Elif',
  'Farah',
  'Gustav',
  'Hana',
  'Ivan',
  'Jonas',
  'Keiko',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
] as const;

export const LAST_NAMES = [
  'Andersen',
  'Barros',
  'Chen',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Haddad',
  'Ito',
  'Jansen',
  'Kowalski',
  'López',
  'Müller',
  'Novak',
  'Okafor',
  'Petrov',
  'Rossi',
  'Silva',
  'Tanaka',
  'Usman',
  'Varga',
  'Weber',
  'Yilmaz',
] as const;

/** City and the country it lies in. */
export const CITIES = [
  ['Seattle', 'US'],
  ['Chicago', 'US'],
  ['Austin', 'US'],
  ['Toronto', 'CA'],
  ['London', 'GB'],
  ['Manchester', 'GB'],
  ['Paris', 'FR'],
  ['Lyon', 'FR'],
  ['Berlin', 'DE'],
  ['Munich', 'DE'],
  ['Madrid', 'ES'],
  ['Amsterdam', 'NL'],
] as const;

/** Values by semanticType; an attribute whose semanticType is listed here draws from the list. */
export const VOCABULARY: Record<string, readonly string[]> = {
  LoyaltyTier: ['Bronze', 'Silver', 'Gold', 'Platinum'],
  LocationStoreName: ['STORE-SEA-01', 'STORE-CHI-02', 'STORE-LON-03', 'STORE-PAR-04', 'STORE-BER-05', 'STORE-MAD-06'],
  ProductCategory: ['Shoes', 'Outerwear', 'Accessories', 'Home', 'Kids', 'Sportswear', 'Beauty'],
  PaymentMethod: ['Card', 'Cash', 'GiftCard', 'MobileWallet'],
  DeviceType: ['Desktop', 'Mobile', 'Tablet'],
  CurrencyCode: ['USD', 'EUR', 'GBP', 'CAD'],
  ActivityType: ['Purchase', 'Visit'],
};

/** Pages of the retailer's website, for URL attributes. */
export const PAGES = ['/', '/sale', '/new-in', '/shoes', '/outerwear', '/account', '/stores', '/gift-cards'] as const;
export const SITE = 'https://shop.contoso-retail.example';
