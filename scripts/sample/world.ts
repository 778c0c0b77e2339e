/** The fictitious world customers are drawn from: industries, countries and their places, brands, workloads. */

export const INDUSTRIES: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  [
    'Manufacturing',
    ['Discrete Manufacturing', 'Process Manufacturing', 'Automotive'],
    ['Manufacturing', 'Industries', 'Components', 'Engineering'],
  ],
  [
    'Retail & Consumer Goods',
    ['Retail', 'Consumer Goods', 'Hospitality'],
    ['Retail', 'Stores', 'Outfitters', 'Market'],
  ],
  [
    'Financial Services',
    ['Banking', 'Insurance', 'Capital Markets'],
    ['Bank', 'Capital', 'Insurance', 'Finance'],
  ],
  ['Healthcare', ['Provider', 'Payor', 'Pharmaceuticals'], ['Clinic', 'Health', 'Medical Group', 'Pharmacy']],
  [
    'Professional Services',
    ['Legal', 'Accounting', 'Consulting'],
    ['Legal', 'Consulting', 'Partners', 'Accountants'],
  ],
  ['Education', ['Higher Education', 'Primary & Secondary Education'], ['College', 'Academy', 'Institute']],
  [
    'Government',
    ['Local Government', 'Regional Government'],
    ['Municipal Services', 'Council', 'Public Works'],
  ],
];

export interface Place {
  city: string;
  state: string;
  postal: string;
}
export interface CountryInfo {
  area: string;
  country: string;
  subsidiary: string;
  territories: readonly string[];
  suffixes: readonly string[];
  localNames: readonly string[];
  places: readonly Place[];
  weight: number;
}
const p = (city: string, state: string, postal: string): Place => ({ city, state, postal });

export const COUNTRIES: readonly CountryInfo[] = [
  {
    area: 'United States',
    country: 'United States',
    subsidiary: 'United States',
    territories: ['US West', 'US Central', 'US East'],
    suffixes: ['Inc', 'LLC', ', Inc.', 'Corp'],
    localNames: ['Blue Yonder Airlines', 'Graphic Design Institute', 'Humongous Insurance', 'Fourth Street'],
    places: [
      p('Seattle', 'WA', '98101'),
      p('Redmond', 'WA', '98052'),
      p('Austin', 'TX', '78701'),
      p('Chicago', 'IL', '60601'),
      p('Boston', 'MA', '02108'),
      p('New York', 'NY', '10001'),
      p('Denver', 'CO', '80202'),
      p('Atlanta', 'GA', '30303'),
    ],
    weight: 30,
  },
  {
    area: 'Canada',
    country: 'Canada',
    subsidiary: 'Canada',
    territories: ['Canada East', 'Canada West'],
    suffixes: ['Inc', 'Ltd', 'Ltée'],
    localNames: ['Érable Rouge', 'Maple Leaf Traders', 'Boréal'],
    places: [
      p('Toronto', 'ON', 'M5H 2N2'),
      p('Vancouver', 'BC', 'V6B 1A1'),
      p('Montréal', 'QC', 'H2Y 1C6'),
      p('Calgary', 'AB', 'T2P 1J9'),
    ],
    weight: 7,
  },
  {
    area: 'UK',
    country: 'United Kingdom',
    subsidiary: 'United Kingdom',
    territories: ['UK South', 'UK North', 'Scotland'],
    suffixes: ['Ltd', 'PLC', 'Ltd'],
    localNames: ['Margie’s Travel', 'O’Neill’s Pub', 'Thames Valley'],
    places: [
      p('London', 'England', 'EC1A 1BB'),
      p('Manchester', 'England', 'M1 1AE'),
      p('Edinburgh', 'Scotland', 'EH1 1YZ'),
      p('Bristol', 'England', 'BS1 4DJ'),
    ],
    weight: 12,
  },
  {
    area: 'Western Europe',
    country: 'Germany',
    subsidiary: 'Germany',
    territories: ['Germany North', 'Germany South'],
    suffixes: ['GmbH', 'AG', 'GmbH & Co. KG'],
    localNames: ['Müller Bäckerei', 'Schäfer Logistik', 'Köhler Präzision', 'Weißbier Brauerei'],
    places: [
      p('Berlin', 'Berlin', '10115'),
      p('München', 'Bayern', '80331'),
      p('Hamburg', 'Hamburg', '20095'),
    ],
    weight: 10,
  },
  {
    area: 'Western Europe',
    country: 'France',
    subsidiary: 'France',
    territories: ['France'],
    suffixes: ['SARL', 'SA', 'SAS'],
    localNames: ['Société Générale de Café', 'Château Lumière', 'Crème Brûlée Traiteur'],
    places: [p('Paris', 'Île-de-France', '75001'), p('Lyon', 'Auvergne-Rhône-Alpes', '69001')],
    weight: 8,
  },
  {
    area: 'Western Europe',
    country: 'Netherlands',
    subsidiary: 'Netherlands',
    territories: ['Benelux'],
    suffixes: ['BV', 'NV', 'B.V.'],
    localNames: ['Van der Berg', 'Groene Molen', 'IJsselmeer Visserij'],
    places: [p('Amsterdam', 'Noord-Holland', '1012 AB'), p('Utrecht', 'Utrecht', '3511 AA')],
    weight: 6,
  },
  {
    area: 'Western Europe',
    country: 'Norway',
    subsidiary: 'Norway',
    territories: ['Nordics'],
    suffixes: ['AS', 'ASA'],
    localNames: ['Ødegaard', 'Bjørnstad Fisk', 'Fjordkraft Ålesund'],
    places: [p('Oslo', 'Oslo', '0150'), p('Bergen', 'Vestland', '5003')],
    weight: 3,
  },
  {
    area: 'Western Europe',
    country: 'Denmark',
    subsidiary: 'Denmark',
    territories: ['Nordics'],
    suffixes: ['ApS', 'A/S'],
    localNames: ['Østerbro Café', 'Lærkevej Design'],
    places: [p('København', 'Hovedstaden', '1050'), p('Aarhus', 'Midtjylland', '8000')],
    weight: 3,
  },
  {
    area: 'Western Europe',
    country: 'Switzerland',
    subsidiary: 'Switzerland',
    territories: ['Switzerland'],
    suffixes: ['AG', 'SA', 'GmbH'],
    localNames: ['Zürcher Uhrwerk', 'Genève Conseil'],
    places: [p('Zürich', 'ZH', '8001'), p('Genève', 'GE', '1201')],
    weight: 3,
  },
  {
    area: 'Asia Pacific',
    country: 'Australia',
    subsidiary: 'Australia',
    territories: ['ANZ'],
    suffixes: ['Pty Ltd'],
    localNames: ['Southern Cross', 'Coral Reef Tours'],
    places: [p('Sydney', 'NSW', '2000'), p('Melbourne', 'VIC', '3000'), p('Brisbane', 'QLD', '4000')],
    weight: 7,
  },
  {
    area: 'Asia Pacific',
    country: 'New Zealand',
    subsidiary: 'New Zealand',
    territories: ['ANZ'],
    suffixes: ['Ltd', 'Limited'],
    localNames: ['Kiwi Orchards', 'Aotearoa Freight'],
    places: [p('Auckland', 'Auckland', '1010'), p('Wellington', 'Wellington', '6011')],
    weight: 2,
  },
  {
    area: 'Asia Pacific',
    country: 'Singapore',
    subsidiary: 'Singapore',
    territories: ['ASEAN'],
    suffixes: ['Pte Ltd'],
    localNames: ['Lion City Trading', 'Marina Bay Holdings'],
    places: [p('Singapore', '', '018956')],
    weight: 2,
  },
  {
    area: 'Asia Pacific',
    country: 'Japan',
    subsidiary: 'Japan',
    territories: ['Japan'],
    suffixes: ['K.K.', 'Co., Ltd.'],
    localNames: ['Sakura Denki', 'Fuji Kogyo'],
    places: [p('Tokyo', 'Tokyo', '100-0001'), p('Osaka', 'Osaka', '530-0001')],
    weight: 2,
  },
  {
    area: 'Latin America',
    country: 'Brazil',
    subsidiary: 'Brazil',
    territories: ['Brazil'],
    suffixes: ['Ltda', 'S.A.'],
    localNames: ['São Jorge Alimentos', 'Conceição Têxtil'],
    places: [p('São Paulo', 'SP', '01310-100'), p('Rio de Janeiro', 'RJ', '20040-002')],
    weight: 3,
  },
  {
    area: 'Latin America',
    country: 'Mexico',
    subsidiary: 'Mexico',
    territories: ['Mexico'],
    suffixes: ['S.A. de C.V.', 'S. de R.L.'],
    localNames: ['Señor Café', 'Peñasco Minería'],
    places: [p('Ciudad de México', 'CDMX', '06000'), p('Monterrey', 'NL', '64000')],
    weight: 2,
  },
];

export const BRANDS = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Tailspin',
  'Woodgrove',
  'Adatum',
  'Litware',
  'Proseware',
  'Wide World',
  'Alpine Ski',
  'Lamna',
  'Relecloud',
  'Trey Research',
  'Coho Winery',
  'VanArsdel',
  'Wingtip',
  'First Up',
  'Datum',
  'Lucerne',
  'Bellows',
] as const;

export const EXISTING_WORKLOADS = [
  'Virtual Machines',
  'Storage',
  'SQL Database',
  'App Service',
  'Backup',
  'Entra ID P1',
];
export const RECOMMENDED_WORKLOADS = [
  'Azure Virtual Desktop',
  'Azure Site Recovery',
  'Azure Arc',
  'Azure OpenAI',
  'Defender for Cloud',
  'Azure SQL Managed Instance',
];
export const FY_OFFERS = ['M365 BP Offer', 'Azure Migrate & Modernize', 'CSP Promo', 'Copilot Accelerate'];
