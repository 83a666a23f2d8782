/**
 * Enum values the Customer Insights code model declares (docs/customer-insights.md#metadata-shapes), so the emulator
 * never sends a value a generated client would not expect. Facts only: the lists are the model's value names.
 */

/** `IAttributeMetadata.semanticType`. */
export const ATTRIBUTE_SEMANTIC_TYPES: ReadonlySet<string> = new Set([
  ...['Date', 'DayOfMonth', 'DayOfWeek', 'DayOfYear', 'HalfYear', 'MonthOfYear', 'Month', 'Week', 'Year'].map(
    (s) => `Calendar${s}`,
  ),
  ...[
    'Date',
    'DayOfMonth',
    'DayOfWeek',
    'DayOfYear',
    'HalfYear',
    'MonthOfYear',
    'Month',
    'Quarter',
    'WeekOfMonth',
    'WeekOfYear',
    'Week',
    'Year',
  ].map((s) => `CalendarFiscal${s}`),
  ...['Account', 'Channel', 'Contact', 'Customer', 'Language', 'Organization', 'OrganizationUnit', 'Person'],
  ...['Product', 'ProductGroup'],
  ...['Address', 'AddressStreet', 'City', 'Continent', 'Country', 'County', 'Latitude', 'Longitude', 'Point'].map(
    (s) => `Location${s}`,
  ),
  ...['PostalCode', 'Province', 'Region', 'State', 'Timezone'].map((s) => `Location${s}`),
  ...['DateCreation', 'DateModify', 'Status', 'Version'].map((s) => `Measurement${s}`),
  ...['BarCode', 'Brand', 'IdentityGovernmentID', 'PersonFirstName', 'PersonFullName', 'PersonLastName'],
  ...['PersonMiddleName', 'IdentityServiceEmail', 'IdentityServiceFacebook', 'IdentityServicePhone'],
  ...['IdentityServiceTwitter', 'Image', 'Place', 'ReferenceDescription', 'ReferenceImageURL', 'ReferencePhonetic'],
  'ReferenceURL',
]);

/** `IEntityMetadata.semanticType` (CDM entity names). */
export const ENTITY_SEMANTIC_TYPES: ReadonlySet<string> = new Set([
  ...['Account', 'AccountLeads', 'ActivityParty', 'ActivityPointer', 'Annotation', 'Appointment', 'BusinessUnit'],
  ...['Campaign', 'CampaignActivity', 'CampaignItem', 'CampaignResponse', 'Characteristic', 'Competitor'],
  ...['CompetitorAddress', 'CompetitorProduct', 'Connection', 'ConnectionRole', 'Contact', 'Contract'],
  ...['ContractDetail', 'Customer', 'CustomerAddress', 'CustomerRelationship', 'Discount', 'DiscountType', 'Email'],
  ...['Entitlement', 'Equipment', 'Fax', 'Feedback', 'Goal', 'Incident', 'Invoice', 'InvoiceDetail', 'KbArticle'],
  ...['KnowledgeArticle', 'Lead', 'LeadAddress', 'Letter', 'Metric', 'Opportunity', 'Organization', 'Owner'],
  ...['PhoneCall', 'Position', 'PriceLevel', 'Product', 'Quote', 'RatingModel', 'Resource', 'ResourceGroup'],
  ...['SalesLiterature', 'SalesOrder', 'Service', 'ServiceAppointment', 'Site', 'SLA', 'SocialActivity'],
  ...['SocialProfile', 'SystemUser', 'Task', 'Team', 'Territory', 'UoM'],
]);
