/**
 * A TypeScript re-implementation of the checks the W3C Feed Validation Service
 * (https://github.com/w3c/feedvalidator, validator.w3.org/feed) applies to
 * RSS 2.0 and Atom 1.0 feeds, so tests can assert "no errors, no warnings"
 * without network access.
 *
 * Every rule cites the validator source it re-implements, as
 * `file.py: class/method`. Rule names are the validator's own message classes
 * (src/feedvalidator/logging.py) and their level follows that file's class
 * hierarchy (Error vs Warning). Info-level events (e.g. MissingEncoding,
 * MissingDCLanguage, NonstdPrefix) are not reported because the validator does
 * not count them as errors or warnings. See W3C-RULES.md for the full table
 * and for what is deliberately not implemented.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

export type FindingLevel = 'error' | 'warning';

export interface Finding {
  level: FindingLevel;
  rule: string;
  message: string;
  path?: string;
}

export interface CheckFeedOptions {
  /** URL the feed is served from; the validator's document base and its only "self" URI. */
  selfUrl: string;
}

// ---------------------------------------------------------------------------
// Levels: logging.py class hierarchy (Error / Warning subclasses)
// ---------------------------------------------------------------------------

/** logging.py: each class's nearest Error/Warning ancestor decides its level. */
export const RULE_LEVELS = {
  // SAXError(Error) and subclasses
  SAXError: 'error',
  MissingNamespace: 'error',
  NotInANamespace: 'error',
  // Error
  InvalidRSSVersion: 'error',
  UndefinedElement: 'error',
  NoBlink: 'error',
  NoThrWhen: 'error',
  MissingAttribute: 'error',
  MissingHref: 'error',
  UnexpectedAttribute: 'error',
  DuplicateElement: 'error',
  NotEnoughHoursInTheDay: 'error',
  EightDaysAWeek: 'error',
  // InvalidValue(Error) family
  InvalidContact: 'error',
  InvalidAddrSpec: 'error',
  InvalidLink: 'error',
  UriNotIri: 'error',
  InvalidIRI: 'error',
  InvalidFullLink: 'error',
  InvalidUriChar: 'error',
  InvalidW3CDTFDate: 'error',
  InvalidRFC2822Date: 'error',
  IncorrectDOW: 'error',
  InvalidRFC3339Date: 'error',
  InvalidURIAttribute: 'error',
  InvalidURLAttribute: 'error',
  InvalidIntegerAttribute: 'error',
  InvalidBooleanAttribute: 'error',
  InvalidMIMEAttribute: 'error',
  InvalidNonNegativeInteger: 'error',
  InvalidPositiveInteger: 'error',
  UseZeroForUnknown: 'error',
  InvalidWidth: 'error',
  InvalidHeight: 'error',
  InvalidHour: 'error',
  InvalidDay: 'error',
  InvalidHttpGUID: 'error',
  InvalidLanguage: 'error',
  InvalidUpdatePeriod: 'error',
  InvalidTextType: 'error',
  InvalidCommaSeparatedIntegers: 'error',
  DuplicateValue: 'error',
  InvalidURN: 'error',
  InvalidUUID: 'error',
  InvalidTAG: 'error',
  NotBase64: 'error',
  // MissingElement(Error) family
  MissingElement: 'error',
  MissingDescription: 'error',
  MissingLink: 'error',
  MissingTitle: 'error',
  ItemMustContainTitleOrDescription: 'error',
  MissingXhtmlDiv: 'error',
  MissingContentOrAlternate: 'error',
  // other Errors
  BadXmlVersion: 'error',
  DuplicateAtomLink: 'error',
  UnexpectedText: 'error',
  UnexpectedWhitespace: 'error',
  MisplacedMetadata: 'error',
  InvalidPermalink: 'error',
  MediaRssNamespace: 'error',
  DuplicateIds: 'error',
  MissingSummary: 'error',
  ObsoleteNamespace: 'error',
  InvalidMIMEType: 'error', // InvalidMIMEType(InvalidMediaRange(Error))
  InvalidNamespace: 'error',
  // media.py (logging.py: InvalidCreditRole(Error) ... MediaGroupWithoutAlternatives(Error))
  InvalidCreditRole: 'error',
  InvalidMediaTextType: 'error',
  InvalidMediaHash: 'error',
  InvalidMediaRating: 'error',
  InvalidNPTTime: 'error',
  InvalidMediaRestriction: 'error',
  InvalidMediaRestrictionRel: 'error',
  InvalidMediaRestrictionType: 'error',
  InvalidMediaMedium: 'error',
  InvalidMediaExpression: 'error',
  MediaGroupWithoutAlternatives: 'error',
  InvalidFloat: 'error', // InvalidFloat(InvalidValue(Error))
  InvalidTrueFalse: 'error', // InvalidTrueFalse(InvalidValue(Error))
  InvalidCountryCode: 'error', // InvalidCountryCode(InvalidValue(Error))
  // feed.py RFC 5005 checks
  LinkPastEnd: 'error',
  FeedRelInCompleteFeed: 'error',
  CurrentNotSelfInCompleteFeed: 'error',
  // Warnings
  UseOfExtensionAttr: 'warning',
  DuplicateSemantics: 'warning',
  DuplicateItemSemantics: 'warning',
  DuplicateDescriptionSemantics: 'warning',
  ImageLinkDoesntMatch: 'warning',
  ImageUrlFormat: 'warning',
  ContainsRelRef: 'warning',
  ReservedPrefix: 'warning',
  NotSufficientlyUnique: 'warning',
  ImplausibleDate: 'warning',
  ProblematicalRFC822Date: 'warning',
  SecurityRisk: 'warning',
  SecurityRiskAttr: 'warning',
  DangerousStyleAttr: 'warning',
  BadCharacters: 'warning',
  ObscureEncoding: 'warning',
  NonCanonicalURI: 'warning',
  ContainsEmail: 'warning',
  ContainsHTML: 'warning',
  ContainsUndeclaredHTML: 'warning',
  MissingSelf: 'warning',
  SelfDoesntMatchLocation: 'warning',
  RelativeSelf: 'warning',
  MissingTypeAttr: 'warning',
  DuplicateEntries: 'warning',
  DuplicateUpdated: 'warning',
  NotBlank: 'warning',
  AttrNotBlank: 'warning',
  MissingTextualContent: 'warning',
  SelfNotAtom: 'warning',
  DuplicateEnclosure: 'warning',
  MissingGuid: 'warning',
  ObsoleteWikiNamespace: 'warning',
  CommentRSS: 'warning',
  UndeterminableVocabulary: 'warning',
  MisplacedXHTMLContent: 'warning',
  SchemeNotIANARegistered: 'warning',
  AvoidNamespacePrefix: 'warning',
  UnknownNamespace: 'warning',
  UnsupportedNamespace: 'warning',
  QuestionableUsage: 'warning',
  NotInline: 'warning',
  NotHtml: 'warning',
  HtmlFragment: 'warning',
  FeedHistoryRelInEntry: 'warning',
  AtomLinkNotEmpty: 'warning',
  UnregisteredAtomLinkRel: 'warning',
  DeprecatedMediaAdult: 'warning',
  MissingCurrentInArchive: 'warning',
  ArchiveIncomplete: 'warning',
  // RSS 2.0 Profile (RSS Advisory Board best practices); RSS20Profile(Warning)
  CharacterData: 'warning', // CharacterData(ContainsHTML(Warning))
  EmailFormat: 'warning',
  MissingRealName: 'warning',
  MisplacedItem: 'warning',
  ImageTitleDoesntMatch: 'warning',
  AvoidTextInput: 'warning',
  NeedDescriptionBeforeContent: 'warning',
  SlashDate: 'warning',
  UseZeroForMidnight: 'warning',
  MissingAtomSelfLink: 'warning', // MissingAtomSelfLink(MissingSelf(Warning))
} as const satisfies Record<string, FindingLevel>;

export type RuleName = keyof typeof RULE_LEVELS;

/** i18n/en.py `messages`, with %(x)s written as {x}. */
const MESSAGES: Partial<Record<RuleName, string>> = {
  SAXError: 'XML parsing error: {exception}',
  NotHtml: '{message}',
  UndefinedElement: 'Undefined {parent} element: {element}',
  MissingNamespace: 'Missing namespace for {element}',
  NotInANamespace: 'Missing namespace for {element}',
  UndeterminableVocabulary: 'Missing namespace for {element}',
  MissingElement: 'Missing {parent} element: {element}',
  MissingDescription: 'Missing {parent} element: {element}',
  MissingLink: 'Missing {parent} element: {element}',
  MissingTitle: 'Missing {parent} element: {element}',
  MissingAttribute: 'Missing {element} attribute: {attr}',
  UnexpectedAttribute: 'Unexpected {attribute} attribute on {element} element',
  NoBlink: 'There is no blink element in RSS; use blogChannel:blink instead',
  NoThrWhen: 'thr:when attribute obsolete; use thr:updated instead',
  InvalidWidth: '{element} must be between 1 and 144',
  InvalidHeight: '{element} must be between 1 and 400',
  InvalidHour: '{element} must be an integer between 0 and 23',
  InvalidDay: '{element} must be Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, or Sunday',
  InvalidNonNegativeInteger: '{element} must be a non-negative integer',
  InvalidPositiveInteger: '{element} must be a positive integer',
  InvalidCommaSeparatedIntegers: '{element} must be comma-separated integers',
  InvalidHttpGUID: 'guid must be a full URL, unless isPermaLink attribute is false',
  InvalidUpdatePeriod: '{element} must be hourly, daily, weekly, monthly, or yearly',
  NotBlank: '{element} should not be blank',
  AttrNotBlank: 'The {attr} attribute of {element} should not be blank',
  DuplicateElement: '{parent} contains more than one {element}',
  DuplicateSemantics: 'A channel should not include both {core} and {ext}',
  DuplicateItemSemantics: 'An item should not include both {core} and {ext}',
  DuplicateValue: '{element} values must not be duplicated within a feed',
  ReservedPrefix: 'The prefix "{prefix}" generally is associated with the namespace "{ns}"',
  MediaRssNamespace: 'Missing trailing slash in mediaRSS namespace',
  InvalidContact: 'Invalid email address',
  InvalidAddrSpec: '{element} must be an email address',
  InvalidLink: '{element} must be a valid URI',
  InvalidIRI: '{element} must be a valid IRI',
  InvalidFullLink: '{element} must be a full and valid URL',
  InvalidUriChar: 'Invalid character in a URI',
  InvalidW3CDTFDate: '{element} must be an W3CDTF date',
  InvalidRFC2822Date: '{element} must be an RFC-822 date-time',
  IncorrectDOW: 'Incorrect day of week',
  InvalidRFC3339Date: '{element} must be an RFC-3339 date-time',
  InvalidLanguage: '{element} must be an ISO-639 language code',
  InvalidURIAttribute: '{attr} attribute of {element} must be a valid URI',
  InvalidURLAttribute: '{element} must be a full URL',
  InvalidIntegerAttribute: '{attr} attribute of {element} must be a positive integer',
  InvalidBooleanAttribute: "{attr} attribute of {element} must be 'true' or 'false'",
  InvalidMIMEAttribute: '{attr} attribute of {element} must be a valid MIME type',
  ItemMustContainTitleOrDescription: 'item must contain either title or description',
  ContainsHTML: '{element} should not contain HTML',
  ContainsEmail: '{element} should not include email address',
  ContainsUndeclaredHTML: '{element} should not contain HTML unless declared in the type attribute',
  NotEnoughHoursInTheDay: 'skipHours can not contain more than 24 hour elements',
  EightDaysAWeek: 'skipDays can not contain more than 7 day elements',
  SecurityRisk: '{element} should not contain {tag} tag',
  SecurityRiskAttr: '{element} should not contain {attr} attribute',
  ContainsRelRef: '{element} should not contain relative URL references',
  InvalidMIMEType: 'Not a valid MIME type',
  NotInline: '{element} claims to be inline, but may contain html',
  NotBase64: "{element} claims to be base64-encoded, but isn't",
  InvalidURN: '{element} is not a valid URN',
  InvalidUUID: '{element} is not a valid UUID',
  InvalidTAG: '{element} is not a valid TAG',
  ObsoleteNamespace: 'This feed uses an obsolete namespace',
  InvalidNamespace: '{element} is in an invalid namespace: {namespace}',
  DuplicateAtomLink: 'Duplicate alternate links with the same type and hreflang',
  MissingHref: '{element} must have an href attribute',
  AtomLinkNotEmpty: '{element} should not have text (all data is in attributes)',
  BadCharacters: '{element} contains bad characters',
  BadXmlVersion: 'Incorrect XML Version: {version}',
  UnregisteredAtomLinkRel: 'Unregistered link relationship',
  ObscureEncoding: 'Obscure XML character encoding: {encoding}',
  NotSufficientlyUnique: 'The specified guid is not sufficiently unique',
  UnexpectedText: 'Unexpected Text',
  NonCanonicalURI: 'Identifier "{uri}" is not in canonical form (the canonical form would be "{curi}")',
  InvalidTextType: 'type attribute must be "text", "html", or "xhtml"',
  MissingXhtmlDiv: 'Missing xhtml:div element',
  MissingSelf: 'Missing atom:link with rel="self"',
  MissingAtomSelfLink: 'Missing atom:link with rel="self"',
  DuplicateEntries: 'Two entries with the same id',
  DuplicateIds: 'All entries have the same id',
  MisplacedMetadata: '{element} must appear before all entries',
  MissingSummary: 'Missing summary',
  MissingTextualContent: 'Missing textual content',
  MissingContentOrAlternate: 'Missing content or alternate link',
  MissingTypeAttr: 'Missing {element} attribute: {attr}',
  HtmlFragment: '{type} type used for a document fragment',
  DuplicateUpdated: 'Two entries with the same value for atom:updated',
  ImplausibleDate: 'Implausible date',
  UnexpectedWhitespace: 'Whitespace not permitted here',
  SelfDoesntMatchLocation: "Self reference doesn't match document location",
  InvalidPermalink: 'guid must be a full URL, unless isPermaLink attribute is false',
  SelfNotAtom: '"self" link references a non-Atom representation',
  ImageLinkDoesntMatch: "Image link doesn't match channel link",
  ImageUrlFormat: 'Image not in required format',
  ProblematicalRFC822Date: 'Problematical RFC 822 date-time value',
  DuplicateEnclosure: 'item contains more than one enclosure',
  MissingGuid: '{parent} should contain a {element} element',
  UriNotIri: 'IRI found where URL expected',
  ObsoleteWikiNamespace: 'Obsolete Wiki Namespace',
  DuplicateDescriptionSemantics: 'Avoid {element}',
  CommentRSS: 'wfw:commentRSS should be wfw:commentRss',
  DangerousStyleAttr: 'style attribute contains potentially dangerous content',
  UseOfExtensionAttr: 'Use of extension attribute on RSS 2.0 core element: {attribute}',
  MisplacedXHTMLContent: 'Misplaced XHTML content',
  SchemeNotIANARegistered: 'URI scheme not IANA registered',
  AvoidNamespacePrefix: 'Avoid Namespace Prefix: {prefix}',
  FeedHistoryRelInEntry: '{rel} link relation found in entry',
  RelativeSelf: 'Relative href value on self link',
  CharacterData: 'Encode "&" and "<" in plain text using hexadecimal character references.',
  EmailFormat: 'Email address is not in the recommended format',
  MissingRealName: 'Email address is missing real name',
  MisplacedItem: 'Misplaced Item',
  ImageTitleDoesntMatch: "Image title doesn't match channel title",
  AvoidTextInput: 'Avoid Text Input',
  NeedDescriptionBeforeContent: 'Ensure description precedes content:encoded',
  SlashDate: 'Ensure lastBuildDate is present when slash:comments is used',
  UseZeroForMidnight: 'Use zero for midnight',
  UseZeroForUnknown: 'Use zero for unknown length',
  UnknownNamespace: 'Use of unknown namespace: {namespace}',
  UnsupportedNamespace:
    'Did not validate namespace: {namespace}. See the {name} specification at {specification}',
  QuestionableUsage: 'Undocumented use of {element}',
  InvalidRSSVersion: 'Invalid RSS Version',
  InvalidCreditRole: 'Invalid Credit Role',
  InvalidMediaTextType: 'type attribute must be "plain" or "html"',
  InvalidMediaHash: 'Invalid Media Hash',
  InvalidMediaRating: 'Invalid Media Rating',
  InvalidNPTTime: '{attr} must be an NPT-time',
  InvalidMediaRestriction: "media:restriction must be 'all' or 'none'",
  InvalidMediaRestrictionRel: "relationship must be 'allow' or 'disallow'",
  InvalidMediaRestrictionType: "type must be 'country' or 'uri'",
  InvalidMediaMedium: 'Invalid content medium: "{value}"',
  InvalidMediaExpression: 'Invalid content expression: "{value}"',
  DeprecatedMediaAdult: 'media:adult is deprecated',
  MediaGroupWithoutAlternatives: 'media:group must have multiple media:content children',
  InvalidFloat: 'Invalid value for {attr}',
  InvalidTrueFalse: '{element} must be "true" or "false"',
  InvalidCountryCode: 'Invalid country code: "{value}"',
  LinkPastEnd: '{rel} link in {self} entry in list',
  FeedRelInCompleteFeed: '{rel} link relation found in complete feed',
  CurrentNotSelfInCompleteFeed: 'Current not self in complete feed',
  MissingCurrentInArchive: 'Current link not found in archive feed',
  ArchiveIncomplete: 'Archive incomplete',
};

// ---------------------------------------------------------------------------
// Reference data copied from the validator (data, not code)
// ---------------------------------------------------------------------------

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const THR_NS = 'http://purl.org/syndication/thread/1.0';
const INDEXING_NS = 'urn:atom-extension:indexing';
const SVG_NS = 'http://www.w3.org/2000/svg';
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
const RSSBOARD_DOCS = 'http://www.rssboard.org/rss-specification';

/** base.py `namespaces`: the namespaces (and preferred prefixes) the validator knows. */
const NAMESPACES: ReadonlyArray<readonly [string, string]> = [
  ['http://www.bloglines.com/about/specs/fac-1.0', 'access'],
  ['http://webns.net/mvcb/', 'admin'],
  ['http://purl.org/rss/1.0/modules/aggregation/', 'ag'],
  ['http://purl.org/rss/1.0/modules/annotate/', 'annotate'],
  ['http://www.w3.org/2007/app', 'app'],
  ['http://media.tangent.org/rss/1.0/', 'audio'],
  ['http://backend.userland.com/blogChannelModule', 'blogChannel'],
  ['http://web.resource.org/cc/', 'cc'],
  ['http://www.microsoft.com/schemas/rss/core/2005', 'cf'],
  ['http://backend.userland.com/creativeCommonsRssModule', 'creativeCommons'],
  ['http://purl.org/rss/1.0/modules/company', 'company'],
  ['http://purl.org/rss/1.0/modules/content/', 'content'],
  ['http://conversationsnetwork.org/rssNamespace-1.0/', 'conversationsNetwork'],
  ['http://my.theinfo.org/changed/1.0/rss/', 'cp'],
  ['http://purl.org/dc/elements/1.1/', 'dc'],
  ['http://purl.org/dc/terms/', 'dcterms'],
  ['http://purl.org/rss/1.0/modules/email/', 'email'],
  ['http://purl.org/rss/1.0/modules/event/', 'ev'],
  ['http://purl.org/syndication/history/1.0', 'fh'],
  ['http://www.w3.org/2003/01/geo/wgs84_pos#', 'geo'],
  ['http://geourl.org/rss/module/', 'geourl'],
  ['http://www.georss.org/georss', 'georss'],
  ['http://www.opengis.net/gml', 'gml'],
  ['http://postneo.com/icbm', 'icbm'],
  ['http://purl.org/rss/1.0/modules/image/', 'image'],
  ['urn:atom-extension:indexing', 'indexing'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
  ['http://rssnamespace.org/feedburner/ext/1.0', 'feedburner'],
  ['http://xmlns.com/foaf/0.1/', 'foaf'],
  ['http://purl.org/rss/1.0/modules/link/', 'l'],
  ['http://search.yahoo.com/mrss/', 'media'],
  ['http://www.w3.org/1998/Math/MathML', 'mathml'],
  ['http://a9.com/-/spec/opensearchrss/1.0/', 'opensearch10'],
  ['http://a9.com/-/spec/opensearch/1.1/', 'opensearch'],
  ['http://www.opml.org/spec2', 'opml'],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf'],
  ['http://www.w3.org/2000/01/rdf-schema#', 'rdfs'],
  ['http://purl.org/rss/1.0/modules/reference/', 'ref'],
  ['http://purl.org/rss/1.0/modules/richequiv/', 'reqv'],
  ['http://purl.org/rss/1.0/modules/rss091#', 'rss091'],
  ['http://purl.org/rss/1.0/modules/search/', 'search'],
  ['http://purl.org/rss/1.0/modules/slash/', 'slash'],
  ['http://purl.org/rss/1.0/modules/servicestatus/', 'ss'],
  ['http://hacks.benhammersley.com/rss/streaming/', 'str'],
  ['http://purl.org/rss/1.0/modules/subscription/', 'sub'],
  ['http://feedsync.org/2007/feedsync', 'sx'],
  ['http://www.w3.org/2000/svg', 'svg'],
  ['http://purl.org/rss/1.0/modules/syndication/', 'sy'],
  ['http://purl.org/rss/1.0/modules/taxonomy/', 'taxo'],
  ['http://purl.org/rss/1.0/modules/threading/', 'thr'],
  ['http://purl.org/syndication/thread/1.0', 'thr'],
  ['http://madskills.com/public/xml/rss/module/trackback/', 'trackback'],
  ['http://wellformedweb.org/CommentAPI/', 'wfw'],
  ['http://purl.org/rss/1.0/modules/wiki/', 'wiki'],
  ['http://www.usemod.com/cgi-bin/mb.pl?ModWiki', 'wiki'],
  ['http://schemas.xmlsoap.org/soap/envelope/', 'soap'],
  ['http://www.w3.org/2005/Atom', 'atom'],
  ['http://www.w3.org/1999/xhtml', 'xhtml'],
  ['http://my.netscape.com/rdf/simple/0.9/', 'rss090'],
  ['http://purl.org/rss/1.0/', 'rss1'],
  ['http://purl.org/net/rss1.1#', 'rss11'],
  ['http://base.google.com/ns/1.0', 'g'],
  ['http://www.w3.org/XML/1998/namespace', 'xml'],
  ['http://openid.net/xmlns/1.0', 'openid'],
  ['http://earth.google.com/kml/2.0', 'kml20'],
  ['http://earth.google.com/kml/2.1', 'kml21'],
  ['http://www.opengis.net/kml/2.2', 'kml22'],
  ['http://www.w3.org/1999/xlink', 'xlink'],
  ['xri://$xrd*($v*2.0)', 'xrd'],
  ['xri://$xrds', 'xrds'],
];

/** base.py `unsupported_namespaces`: namespaces reported as UnsupportedNamespace. */
const UNSUPPORTED_NAMESPACES = new Map<string, readonly [string, string]>([
  [
    'http://schemas.google.com/g/2005',
    ['Google Data', 'https://developers.google.com/gdata/docs/1.0/elements'],
  ],
  [
    'http://www.rawvoice.com/rawvoiceRssModule/',
    [
      'RawVoice',
      'http://www.rawvoice.com/services/tools-and-resources/rawvoice-rss-2-0-module-xmlns-namespace-rss2/',
    ],
  ],
  ['https://schema.org/', ['Schema.org', 'https://schema.org/']],
  ['http://schema.org/', ['Schema.org', 'https://schema.org/']],
  ['https://podcastindex.org/namespace/1.0', ['Podcasting 2.0', 'https://podcastindex.org/']],
  [
    'https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md',
    ['Podcasting 2.0', 'https://github.com/Podcastindex-org/podcast-namespace/'],
  ],
]);

/** base.py `near_miss`: namespaces compare case-insensitively, ignoring trailing punctuation. */
function nearMiss(ns: string): string {
  const m = /^.*\w/.exec(ns);
  return m ? m[0].toLowerCase() : ns;
}

const NS_TO_PREFIX = new Map<string, string>(NAMESPACES.map(([uri, prefix]) => [uri, prefix]));
const NEAR_NS_TO_PREFIX = new Map<string, string>(NAMESPACES.map(([uri, prefix]) => [nearMiss(uri), prefix]));
const KNOWN_PREFIXES = new Set(NAMESPACES.map(([, prefix]) => prefix));

/** base.py startPrefixMapping: "preferredURI" is the first namespace listed for a prefix. */
function preferredUriFor(prefix: string): string {
  return NAMESPACES.find(([, p]) => p === prefix)?.[0] ?? '';
}

/**
 * Namespaces whose element vocabularies this checker models (channel.py,
 * item.py, feed.py, entry.py, extension.py, media.py). Elements from other *known*
 * namespaces (itunes, georss, g, feedburner...) are accepted without
 * validation: a deliberate gap, documented in W3C-RULES.md.
 */
const MODELLED_PREFIXES = new Set([
  'atom',
  'dc',
  'dcterms',
  'content',
  'sy',
  'slash',
  'wfw',
  'trackback',
  'thr',
  'admin',
  'fh',
  'creativeCommons',
  'cc',
  'app',
  'xhtml',
  'media',
]);

/** validators.py HTMLValidator.htmltags */
const HTML_TAGS = new Set(
  (
    'a abbr acronym address applet area article aside audio b base basefont bdi bdo big blockquote body ' +
    'br button canvas caption center cite code col colgroup command data datagrid datalist dd del details dfn ' +
    'dialog dir div dl dt em eventsource fieldset figcaption figure font footer form frame frameset h1 h2 h3 ' +
    'h4 h5 h6 head header hgroup hr html i iframe img input ins isindex kbd label legend li link m main mark ' +
    'map menu meta meter nav noframes noscript object ol optgroup option output p param picture pre progress ' +
    'q rp rt ruby s samp script section select slot small source span strike strong style sub summary sup ' +
    'table tbody td template textarea tfoot th thead time title tr track tt u ul var xmp plaintext embed ' +
    'comment listing video wbr'
  ).split(' '),
);

/** validators.py HTMLValidator.acceptable_elements */
const ACCEPTABLE_ELEMENTS = new Set(
  (
    'a abbr acronym address area article aside audio b bdi big blockquote br button canvas caption center ' +
    'cite code col colgroup command data datagrid datalist dd del details dfn dialog dir div dl dt em ' +
    'eventsource fieldset figcaption figure footer font form header h1 h2 h3 h4 h5 h6 hgroup hr i img input ' +
    'ins keygen kbd label legend li m main map mark menu meter multicol nav nextid ol output optgroup option ' +
    'p picture pre progress q rp rt ruby s samp section select small sound source spacer span strike strong ' +
    'sub summary sup table tbody td template textarea time tfoot th thead tr track tt u ul var video ' +
    'noscript wbr'
  ).split(' '),
);

/** validators.py HTMLValidator.acceptable_attributes */
const ACCEPTABLE_ATTRIBUTES = new Set(
  (
    'abbr accept accept-charset accesskey action align allow allowfullscreen allowpaymentrequest alt as ' +
    'autoplay autocapitalize autocomplete autofocus axis background balance bgcolor bgproperties border ' +
    'bordercolor bordercolordark bordercolorlight bottompadding cellpadding cellspacing ch challenge char ' +
    'charoff choff charset checked cite class clear color cols colspan compact contenteditable coords ' +
    'crossorigin data datafld datapagesize datasrc datetime decoding default delay dir dirname disabled ' +
    'download draggable dynsrc enctype end enterkeyhint face for form formenctype frame galleryimg gutter ' +
    'headers height hidefocus hidden high href hreflang hspace icon id inputmode is ismap itemid itemprop ' +
    'itemref itemscope itemtype kind keytype label lang leftspacing loading list longdesc loop loopcount ' +
    'loopend loopstart low lowsrc max maxlength media method min minlength multiple muted name nohref nonce ' +
    'noshade nowrap open optimum pattern ping placeholder playsinline point-size poster preload prompt pqg ' +
    'radiogroup readonly referrerpolicy rel repeat-max repeat-min replace required rev reversed rightspacing ' +
    'rows rowspan rules scope selected shape size sizes span spellcheck src srclang srcset start step ' +
    'summary suppress tabindex target template title toppadding translate type unselectable usemap urn ' +
    'valign value variable volume vspace vrml width wrap xml:lang xmlns'
  ).split(' '),
);

/** validators.py HTMLValidator.acceptable_css_properties */
const ACCEPTABLE_CSS_PROPERTIES = new Set(
  (
    'azimuth background background-color border border-bottom border-bottom-color border-bottom-style ' +
    'border-bottom-width border-collapse border-color border-left border-left-color border-left-style ' +
    'border-left-width border-right border-right-color border-right-style border-right-width border-spacing ' +
    'border-style border-top border-top-color border-top-style border-top-width border-width clear color ' +
    'cursor direction display elevation float font font-family font-size font-style font-variant font-weight ' +
    'height letter-spacing line-height list-style-type margin margin-bottom margin-left margin-right ' +
    'margin-top overflow padding padding-bottom padding-left padding-right padding-top pause pause-after ' +
    'pause-before pitch pitch-range richness speak speak-header speak-numeral speak-punctuation speech-rate ' +
    'stress text-align text-decoration text-indent unicode-bidi vertical-align voice-family volume ' +
    'white-space width'
  ).split(' '),
);

/** validators.py HTMLValidator.acceptable_css_keywords */
const ACCEPTABLE_CSS_KEYWORDS = new Set(
  (
    'aqua auto black block blue bold both bottom brown center collapse dashed dotted fuchsia gray green ' +
    '!important italic left lime maroon medium none navy normal nowrap olive pointer purple red right solid ' +
    'silver teal top transparent underline white yellow'
  ).split(' '),
);

/** validators.py HTMLValidator.valid_css_values */
const VALID_CSS_VALUE_RE =
  /^(#[0-9a-f]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d?\.?\d?\d(cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$/;

/** validators.py HTMLValidator.mathml_elements / svg_elements (diveater checks). */
const MATHML_ELEMENTS = new Set(
  (
    'annotation annotation-xml maction math merror mfrac mi mmultiscripts mn mo mover mpadded mphantom ' +
    'mprescripts mroot mrow mspace msqrt mstyle msub msubsup msup mtable mtd mtext mtr munder munderover ' +
    'none semantics'
  ).split(' '),
);
const SVG_ELEMENTS = new Set(
  (
    'a animate animateColor animateMotion animateTransform circle defs desc ellipse font-face font-face-name ' +
    'font-face-src g glyph hkern linearGradient line marker metadata missing-glyph mpath path polygon ' +
    'polyline radialGradient rect set stop svg switch text title tspan use'
  ).split(' '),
);

/** Python html.entities.name2codepoint keys (HTML 4.01), used by nonhtml and the HTML scanner. */
const HTML4_ENTITIES = new Set(
  (
    'AElig Aacute Acirc Agrave Alpha Aring Atilde Auml Beta Ccedil Chi Dagger Delta ETH Eacute Ecirc Egrave ' +
    'Epsilon Eta Euml Gamma Iacute Icirc Igrave Iota Iuml Kappa Lambda Mu Ntilde Nu OElig Oacute Ocirc Ograve ' +
    'Omega Omicron Oslash Otilde Ouml Phi Pi Prime Psi Rho Scaron Sigma THORN Tau Theta Uacute Ucirc Ugrave ' +
    'Upsilon Uuml Xi Yacute Yuml Zeta aacute acirc acute aelig agrave alefsym alpha amp and ang aring asymp ' +
    'atilde auml bdquo beta brvbar bull cap ccedil cedil cent chi circ clubs cong copy crarr cup curren dArr ' +
    'dagger darr deg delta diams divide eacute ecirc egrave empty emsp ensp epsilon equiv eta eth euml euro ' +
    'exist fnof forall frac12 frac14 frac34 frasl gamma ge gt hArr harr hearts hellip iacute icirc iexcl ' +
    'igrave image infin int iota iquest isin iuml kappa lArr lambda lang laquo larr lceil ldquo le lfloor ' +
    'lowast loz lrm lsaquo lsquo lt macr mdash micro middot minus mu nabla nbsp ndash ne ni not notin nsub ' +
    'ntilde nu oacute ocirc oelig ograve oline omega omicron oplus or ordf ordm oslash otilde otimes ouml ' +
    'para part permil perp phi pi piv plusmn pound prime prod prop psi quot rArr radic rang raquo rarr rceil ' +
    'rdquo real reg rfloor rho rlm rsaquo rsquo sbquo scaron sdot sect shy sigma sigmaf sim spades sub sube ' +
    'sum sup sup1 sup2 sup3 supe szlig tau there4 theta thetasym thinsp thorn tilde times trade uacute uarr ' +
    'uArr ucirc ugrave uml upsih upsilon uuml weierp xi yacute yen yuml zeta zwj zwnj'
  ).split(' '),
);

/** iso639codes.py `isoLang` keys (two- and three-letter codes). */
const ISO639_CODES = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ' +
    'ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik ' +
    'io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml ' +
    'mn mo mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc ' +
    'sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ' +
    've vi vo wa wo xh yi yo za zh zu x xx ' +
    'abk ace ach ada ady aar afh afr afa ain aka akk alb sqi gws ale alg tut amh anp apa ara arg arc arp arn ' +
    'arw arm hye rup art asm ast ath aus map ava ave awa aym aze ban bat bal bam bai bad bnt bas bak baq eus ' +
    'btk bej bel bem ben ber bho bih bik byn bin bis nob bos bra bre bug bul bua bur mya cad car spa cat cau ' +
    'ceb cel cai chg cmc cha che chr nya chy chb chi zho chn chp cho zha chu chk chv nwc cop cor cos cre mus ' +
    'crp cpe cpf cpp crh scr hrv cus cze ces dak dan dar day del din div doi dgr dra dua dut nld dum dyu dzo ' +
    'efi egy eka elx eng enm ang myv epo est ewe ewo fan fat fao fij fil fin fiu fon fre fra frm fro frs fry ' +
    'fur ful gaa gla glg lug gay gba gez geo kat ger deu nds gmh goh gem kik gil gon gor got grb grc gre ell ' +
    'kal grn guj gwi hai hat hau haw heb her hil him hin hmo hit hmn hun hup iba ice isl ido ibo ijo ilo smn ' +
    'inc ine ind inh ina ile iku ipk ira gle mga sga iro ita jpn jav jrb jpr kbd kab kac xal kam kan kau krc ' +
    'kaa krl kar kas csb kaw kaz kha khm khi kho kmb kin kir tlh kom kon kok kor kos kpe kro kua kum kur kru ' +
    'kut lad lah lam lao lat lav ltz lez lim lin lit jbo dsb loz lub lua lui smj lun luo lus mac mkd mad mag ' +
    'mai mak mlg may msa mal mlt mnc mdr man mni mno glv mao mri mar chm mah mwr mas myn men mic min mwl mis ' +
    'moh mdf mol mkh lol mon mos mul mun nah nau nav nde nbl ndo nap nep new nia nic ssa niu nog non nai frr ' +
    'sme nso nor nno nub nym nyn nyo nzi oci oji ori orm osa oss oto pal pau pli pam pag pan pap paa per fas ' +
    'peo phi phn pon pol por pra pro pus que roh raj rap rar qaa qtz roa rum ron rom run rus sal sam smi smo ' +
    'sad sag san sat srd sas sco sel sem scc srp srr shn sna iii scn sid sgn bla snd sin sit sio sms den sla ' +
    'slo slk slv sog som son snk wen sot sai alt sma srn suk sux sun sus swa ssw swe gsw syr tgl tah tai tgk ' +
    'tmh tam tat tel ter tet tha tib bod tig tir tem tiv tli tpi tkl tog ton tsi tso tsn tum tup tur ota tuk ' +
    'tvl tyv twi udm uga uig ukr umb und hsb urd uzb vai ven vie vol vot wak wal wln war was wel cym wol xho ' +
    'sah yao yap yid yor ypk znd zap zen zul zun'
  ).split(' '),
);

/** validators.py `iana_schemes` */
const IANA_SCHEMES = new Set(
  (
    'ftp http gopher mailto news nntp telnet wais file prospero z39.50s z39.50r cid mid vemmi service imap ' +
    'nfs acap rtsp tip pop data dav opaquelocktoken sip sips tel fax modem ldap https soap.beep soap.beeps ' +
    'xmlrpc.beep xmlrpc.beeps urn go h323 ipp tftp mupdate pres im mtqp iris.beep dict snmp crid tag dns info ' +
    'aaa aaas cap iax icap iris iris.xpc iris.xpcs iris.lwz msrp msrps shttp thismessage tv xmpp'
  ).split(' '),
);

/** link.py link.validRelations / rfc5005 */
const ATOM_LINK_RELATIONS = new Set(
  (
    'alternate current describedby edit edit-media enclosure first hub last license next next-archive ' +
    'payment prev-archive previous related replies search self service up via'
  ).split(' '),
);
const RFC5005_RELATIONS = new Set('current first last next next-archive prev-archive previous'.split(' '));

/** xmlEncoding.py isCommon(): encodings that do not trigger ObscureEncoding. */
const COMMON_ENCODINGS = new Set([
  'UTF-8',
  'UTF-16',
  'US-ASCII',
  'ISO-8859-1',
  'EUC-JP',
  'ISO-8859-2',
  'ISO-8859-15',
  'ISO-8859-7',
  'KOI8-R',
  'SHIFT_JIS',
  'WINDOWS-1250',
  'WINDOWS-1251',
  'WINDOWS-1252',
  'WINDOWS-1254',
  'WINDOWS-1255',
  'WINDOWS-1256',
  'GB18030',
]);

/** extension.py Questionable: undefined elements that only earn QuestionableUsage. */
const QUESTIONABLE = new Set([
  'atom_author',
  'atom_category',
  'atom_content',
  'atom_contributor',
  'atom_generator',
  'atom_icon',
  'atom_id',
  'atom_link',
  'atom_logo',
  'atom_published',
  'atom_rights',
  'atom_subtitle',
  'atom_summary',
  'atom_title',
  'atom_updated',
  'app_workspace',
  'app_collection',
  'app_categories',
]);

// validators.py regular expressions, translated to JS (Python re.match anchors at the start).
const MIME_RE =
  /^[^\s()<>,;:\\"/[\]?=]+\/[^\s()<>,;:\\"/[\]?=]+(\s*;\s*[^\s()<>,;:\\"/[\]?=]+=("(\\"|[^"])*"|[^\s()<>,;:\\"/[\]?=]+))*$/;
const RFC2396_RE =
  /^([a-zA-Z][0-9a-zA-Z+\-.]*:)?\/{0,2}(\[[0-9A-Fa-f:]+\])?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]*$/;
const RFC2396_FULL_RE = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;
const URN_RE = /^[Uu][Rr][Nn]:[a-zA-Z0-9][a-zA-Z0-9-]{1,31}:([a-zA-Z0-9()+,.:=@;$_!*'-]|%[0-9A-Fa-f]{2})+$/;
const UUID_RE =
  /^[Uu][Rr][Nn]:[Uu][Uu][Ii][Dd]:[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
const TAG_RE =
  /^tag:([a-z0-9\-._]+?@)?[a-z0-9.-]+?,\d{4}(-\d{2}(-\d{2})?)?:[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*(#[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*)?$/;
const URICHAR_RE = /^[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]$/;
const DOMAIN_RE_SRC = '(([0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.)|(([A-Z0-9\\-]+\\.)+))([A-Z0-9][-A-Z0-9]*)';
const EMAIL_RE = new RegExp(`^([A-Z0-9_\\-+.']+)@${DOMAIN_RE_SRC}$`, 'i');
const EMBEDDED_EMAIL_RE = new RegExp(`<([A-Z0-9_\\-+.']+)@${DOMAIN_RE_SRC}>`, 'i');
const SIMPLE_EMAIL_RE = /^[\w.%+-]+@[A-Za-z][\w.-]+$/;
const HTTP_URL_RE = new RegExp(`^(http|https)://${DOMAIN_RE_SRC}(?::\\d+)?(/|$)`, 'i');

// ---------------------------------------------------------------------------
// Minimal XML tree (built with saxes)
// ---------------------------------------------------------------------------

interface XmlAttr {
  uri: string;
  prefix: string;
  local: string;
  name: string;
  value: string;
}

interface XmlText {
  type: 'text';
  text: string;
}

interface XmlElement {
  type: 'element';
  uri: string;
  prefix: string;
  local: string;
  name: string;
  attrs: XmlAttr[];
  nsDecls: Array<{ prefix: string; uri: string }>;
  children: XmlNode[];
  parent: XmlElement | undefined;
  /** Line of the start tag: nonhtml's RSS-profile check looks at this raw line. */
  line: number;
  /** Inherited xml:base, resolved against the document URL (base.py setElement). */
  xmlBase: string;
  path: string;
}

type XmlNode = XmlElement | XmlText;

interface ParsedXml {
  root: XmlElement | undefined;
  error: string | undefined;
  version: string | undefined;
  encoding: string | undefined;
}

function isNamespaceDecl(a: XmlAttr): boolean {
  return a.uri === XMLNS_NS || a.name === 'xmlns' || a.prefix === 'xmlns';
}

function toXmlAttrs(tag: SaxesTagNS): XmlAttr[] {
  return Object.values(tag.attributes).map((a) => ({
    uri: a.uri ?? '',
    prefix: a.prefix,
    local: a.local,
    name: a.name,
    value: a.value,
  }));
}

function namespaceDeclsOf(attrs: XmlAttr[]): Array<{ prefix: string; uri: string }> {
  return attrs
    .filter(isNamespaceDecl)
    .map((a) => ({ prefix: a.name === 'xmlns' ? '' : a.local, uri: a.value }));
}

/** Python urljoin for our purposes: absolute references pass through untouched. */
function urljoin(base: string, ref: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref) || !base) return ref;
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

function newElement(
  tag: SaxesTagNS,
  parent: XmlElement | undefined,
  line: number,
  docBase: string,
): XmlElement {
  const attrs = toXmlAttrs(tag);
  const base = attrs.find((a) => a.uri === XML_NS && a.local === 'base');
  const inherited = parent ? parent.xmlBase : docBase;
  return {
    type: 'element',
    uri: tag.uri,
    prefix: tag.prefix,
    local: tag.local,
    name: tag.name,
    attrs,
    nsDecls: namespaceDeclsOf(attrs),
    children: [],
    parent,
    line,
    xmlBase: base ? urljoin(inherited, base.value) : inherited,
    path: '',
  };
}

/** Paths like /rss/channel/item[2]/guid make findings easy to locate. */
function assignPaths(el: XmlElement, parentPath: string, index: number | undefined): void {
  el.path = `${parentPath}/${el.name}${index === undefined ? '' : `[${index}]`}`;
  const counts = new Map<string, number>();
  for (const c of elementChildren(el)) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const c of elementChildren(el)) {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    assignPaths(c, el.path, (counts.get(c.name) ?? 0) > 1 ? n : undefined);
  }
}

function parseXml(xml: string, docBase: string): ParsedXml {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  const result: ParsedXml = { root: undefined, error: undefined, version: undefined, encoding: undefined };
  let startLine = 1;
  const appendText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.children.push({ type: 'text', text });
  };
  parser.on('xmldecl', (decl) => {
    result.version = decl.version;
    result.encoding = decl.encoding;
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    const el = newElement(tag, stack[stack.length - 1], startLine, docBase);
    if (el.parent) el.parent.children.push(el);
    else result.root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', appendText);
  parser.on('cdata', appendText);
  parser.on('error', (e) => {
    throw e;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
  }
  if (result.root) assignPaths(result.root, '', undefined);
  return result;
}

function elementChildren(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

/** Concatenated character data of an element's direct text children (SAX `characters`). */
function rawText(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.type === 'text') s += c.text;
  return s;
}

function attrValue(el: XmlElement, local: string, uri = ''): string | undefined {
  return el.attrs.find((a) => a.local === local && a.uri === uri && !isNamespaceDecl(a))?.value;
}

function attrKey(a: XmlAttr): string {
  return a.uri ? `{${a.uri}}${a.local}` : a.local;
}

// ---------------------------------------------------------------------------
// Context and reporting
// ---------------------------------------------------------------------------

type Params = Record<string, string | number | undefined>;

interface Ctx {
  findings: Finding[];
  seen: Set<string>;
  selfUrl: string;
  selfUris: string[];
  feedType: 'rss' | 'atom';
  rssVersion: string;
  rawLines: string[];
  now: number;
}

/** base.py SAXDispatcher.log shows "prefix_name" validator names as "prefix:name". */
function displayName(name: string | number | undefined): string {
  if (name === undefined) return '';
  const s = String(name);
  const i = s.indexOf('_');
  return i > 0 && !s.startsWith('unknown_') ? `${s.slice(0, i)}:${s.slice(i + 1)}` : s;
}

function formatMessage(rule: RuleName, params: Params): string {
  const template = MESSAGES[rule] ?? rule;
  return template.replace(/\{(\w+)\}/g, (_m, key: string) =>
    key === 'element' || key === 'parent' ? displayName(params[key]) : String(params[key] ?? ''),
  );
}

/** Identical events are merged, like the web validator's firstOccurrenceOnly mode. */
function report(ctx: Ctx, rule: RuleName, params: Params, path: string | undefined): void {
  const message = formatMessage(rule, params);
  const key = `${rule}\u0000${message}\u0000${path ?? ''}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  const finding: Finding = { level: RULE_LEVELS[rule], rule, message };
  if (path) finding.path = path;
  ctx.findings.push(finding);
}

// ---------------------------------------------------------------------------
// Scopes: one per validator handler instance (base.py validatorBase)
// ---------------------------------------------------------------------------

interface Scope {
  el: XmlElement;
  /** validator name, e.g. "channel", "atom_link", "dc_creator" */
  vname: string;
  /** base.py validatorBase.children: names of child elements seen so far */
  children: string[];
  parent: Scope | undefined;
}

type ValueCheck = (s: Scope, ctx: Ctx, value: string) => void;

interface ChildRule {
  /** getExpectedAttrNames(): plain names or {ns}local; 'any' for eater(). */
  attrs?: readonly string[] | 'any';
  /** do_X() side effects that run before the child is pushed (DuplicateSemantics, metadata()). */
  before?: (child: XmlElement, parent: Scope, ctx: Ctx) => void;
  /** noduplicates(message) */
  nodup?: RuleName;
  /** The child's own handler: content checks and validate(). */
  check?: (s: Scope, ctx: Ctx) => void;
}

type Table = Record<string, ChildRule>;

interface ValidatorName {
  kind: 'core' | 'known' | 'unknown' | 'nonamespace';
  name: string;
  prefix: string;
}

/** base.py validatorBase.startElementNS: how the validator names (and dispatches) an element. */
function validatorName(el: XmlElement, ctx: Ctx): ValidatorName {
  if (ctx.feedType === 'atom' && el.uri === ATOM_NS) return { kind: 'core', name: el.local, prefix: '' };
  if (!el.uri) {
    return ctx.feedType === 'rss'
      ? { kind: 'core', name: el.local, prefix: '' }
      : { kind: 'nonamespace', name: el.local, prefix: '' };
  }
  const prefix = NEAR_NS_TO_PREFIX.get(nearMiss(el.uri));
  if (prefix === undefined) return { kind: 'unknown', name: `unknown_${el.local}`, prefix: '' };
  return { kind: 'known', name: `${prefix}_${el.local}`, prefix };
}

function childScope(el: XmlElement, vname: string, parent: Scope | undefined): Scope {
  return { el, vname, children: [], parent };
}

/** base.py SAXDispatcher.startElementNS: unexpected attributes. */
function checkAttributes(el: XmlElement, expected: readonly string[] | 'any', ctx: Ctx): void {
  if (expected === 'any') return;
  for (const a of el.attrs) {
    if (isNamespaceDecl(a)) continue;
    if (a.uri === XML_NS && ['base', 'id', 'lang', 'space'].includes(a.local)) continue; // stdattrs
    if (expected.includes(attrKey(a))) continue;
    if (a.uri && !NEAR_NS_TO_PREFIX.has(nearMiss(a.uri))) {
      // RSS 2.0 core elements may carry foreign attributes, but it is discouraged.
      if (!el.uri && ctx.feedType === 'rss') {
        report(ctx, 'UseOfExtensionAttr', { attribute: a.name, element: el.local }, el.path);
      }
      continue;
    }
    report(ctx, 'UnexpectedAttribute', { attribute: a.uri ? a.name : a.local, element: el.local }, el.path);
  }
}

/** base.py validatorBase.startElementNS: xml:lang is checked with iso639_validate. */
function checkXmlLang(el: XmlElement, ctx: Ctx): void {
  const lang = attrValue(el, 'lang', XML_NS);
  if (lang && !isValidLanguage(lang)) {
    report(ctx, 'InvalidLanguage', { parent: el.local, element: 'xml:lang', value: lang }, el.path);
  }
}

/**
 * validators.py eater: swallows unknown markup. In RSS 2.0 an unqualified element
 * inside an extension element is still reported (NotInANamespace).
 */
function eat(el: XmlElement, ctx: Ctx, name: string): void {
  for (const c of elementChildren(el)) {
    if (!c.uri && ctx.feedType === 'rss' && name.includes('_')) {
      report(ctx, 'NotInANamespace', { parent: name, element: c.local }, c.path);
    }
    eat(c, ctx, c.local);
  }
}

/** base.py validatorBase.startElementNS fallback when there is no do_X method. */
function undefinedChild(s: Scope, child: XmlElement, v: ValidatorName, ctx: Ctx): void {
  if (v.kind === 'known' && !MODELLED_PREFIXES.has(v.prefix)) {
    eat(child, ctx, v.name); // deliberate gap: vocabulary not modelled here
    return;
  }
  if (v.name.startsWith('xhtml_')) {
    report(ctx, 'MisplacedXHTMLContent', { parent: s.vname, element: v.name }, child.path);
  } else {
    let q = v.name;
    if (!q.includes('_') && s.vname.includes('_') && ctx.feedType === 'atom') q = `atom_${q}`;
    if (QUESTIONABLE.has(q)) report(ctx, 'QuestionableUsage', { parent: s.vname, element: q }, child.path);
    else report(ctx, 'UndefinedElement', { parent: s.vname, element: v.name }, child.path);
  }
  eat(child, ctx, v.name);
}

function dispatchChild(s: Scope, child: XmlElement, ctx: Ctx, table: Table): void {
  checkXmlLang(child, ctx);
  const v = validatorName(child, ctx);
  if (v.kind === 'nonamespace') {
    // base.py: elements in no namespace inside an Atom document.
    report(ctx, 'UndeterminableVocabulary', { parent: s.vname, element: child.local }, child.path);
  }
  if (v.kind === 'unknown' || v.kind === 'nonamespace') {
    eat(child, ctx, `unknown_${child.local}`);
    s.children.push(`unknown_${child.local}`);
    return;
  }
  // base.py: "Qualified" Dublin Core (dc:title.alternative) dispatches on the base name.
  const key = v.name.startsWith('dc_') ? (v.name.split('.')[0] ?? v.name) : v.name;
  const rule = table[key];
  if (!rule) {
    undefinedChild(s, child, v, ctx);
    s.children.push(v.name);
    return;
  }
  checkAttributes(child, rule.attrs ?? [], ctx);
  rule.before?.(child, s, ctx);
  if (rule.nodup && s.children.includes(v.name)) {
    report(ctx, rule.nodup, { parent: s.vname, element: v.name }, child.path);
  }
  s.children.push(v.name);
  rule.check?.(childScope(child, v.name, s), ctx);
}

/** validatorBase.characters/textOK: containers may not hold character data. */
function walkChildren(s: Scope, ctx: Ctx, table: Table): void {
  let unexpectedText = false;
  for (const node of s.el.children) {
    if (node.type === 'text') {
      if (node.text.trim() && !unexpectedText) {
        unexpectedText = true;
        report(ctx, 'UnexpectedText', { parent: s.parent?.vname, element: s.vname }, s.el.path);
      }
      continue;
    }
    dispatchChild(s, node, ctx, table);
  }
}

/** validators.py text.startElementNS: text-only elements reject child elements. */
function rejectChildElements(s: Scope, ctx: Ctx): void {
  for (const c of elementChildren(s.el)) {
    report(ctx, 'UndefinedElement', { parent: s.vname, element: c.local }, c.path);
    eat(c, ctx, c.local);
  }
}

function textValue(s: Scope): string {
  return rawText(s.el).trim();
}

/** A text() handler followed by value checks, i.e. `return text(), check1(), check2()`. */
function textRule(checks: readonly ValueCheck[], opts: Omit<ChildRule, 'check'> = {}): ChildRule {
  return {
    ...opts,
    check: (s, ctx) => {
      rejectChildElements(s, ctx);
      const value = textValue(s);
      for (const c of checks) c(s, ctx, value);
    },
  };
}

/** validators.py eater() as a child rule: accepted, not validated. */
const EAT: ChildRule = { attrs: 'any', check: (s, ctx) => eat(s.el, ctx, s.vname) };

function where(s: Scope, extra: Params = {}): Params {
  return { parent: s.parent?.vname, element: s.vname, ...extra };
}

// ---------------------------------------------------------------------------
// Value checks (validators.py)
// ---------------------------------------------------------------------------

/** Python int(): optional sign, digits, underscores between digits, surrounding whitespace. */
function pyInt(s: string): number | undefined {
  const t = s.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(t)) return undefined;
  return Number(t.replace(/_/g, ''));
}

/** validators.py nonblank */
function nonBlank(rule: RuleName = 'NotBlank'): ValueCheck {
  return (s, ctx, value) => {
    if (!value) report(ctx, rule, where(s), s.el.path);
  };
}

/** validators.py nows: leading/trailing whitespace is an error for identifiers and dates. */
const noWhitespace: ValueCheck = (s, ctx) => {
  const raw = rawText(s.el);
  if (raw !== raw.trim()) report(ctx, 'UnexpectedWhitespace', where(s), s.el.path);
};

/** validators.py positiveInteger */
const positiveInteger: ValueCheck = (s, ctx, value) => {
  const n = pyInt(value);
  if (n === undefined || n <= 0) report(ctx, 'InvalidPositiveInteger', where(s, { value }), s.el.path);
};

/** validators.py nonNegativeInteger */
const nonNegativeInteger: ValueCheck = (s, ctx, value) => {
  const n = pyInt(value);
  if (n === undefined || n < 0) report(ctx, 'InvalidNonNegativeInteger', where(s, { value }), s.el.path);
};

/** validators.py commaSeparatedIntegers */
const commaSeparatedIntegers: ValueCheck = (s, ctx, value) => {
  if (!/^\d+(,\s*\d+)*$/.test(value)) report(ctx, 'InvalidCommaSeparatedIntegers', where(s), s.el.path);
};

/** validators.py iso639_validate */
function isValidLanguage(value: string): boolean {
  const lang = value.split('-')[0] ?? '';
  return ISO639_CODES.has(lang.toLowerCase());
}

const iso639: ValueCheck = (s, ctx, value) => {
  if (!isValidLanguage(value)) report(ctx, 'InvalidLanguage', where(s, { value }), s.el.path);
};

/** extension.py sy_updatePeriod */
const updatePeriod: ValueCheck = (s, ctx, value) => {
  if (!['hourly', 'daily', 'weekly', 'monthly', 'yearly'].includes(value)) {
    report(ctx, 'InvalidUpdatePeriod', where(s, { value }), s.el.path);
  }
};

function maxCharCode(value: string): number {
  let max = 0;
  for (let i = 0; i < value.length; i++) max = Math.max(max, value.charCodeAt(i));
  return max;
}

function hasNonAscii(value: string): boolean {
  return maxCharCode(value) > 0x7f;
}

/** Rough stand-in for Python's str.encode('idna'): non-ASCII labels become ASCII. */
function idnaApprox(value: string): string {
  return [...value].map((c) => (hasNonAscii(c) ? 'a' : c)).join('');
}

type UriGrammar = 'rfc2396' | 'rfc2396_full' | 'rfc3987' | 'rfc3987_full';

interface UriSite {
  params: Params;
  path: string;
}

/**
 * validators.py rfc2396.validate (and the rfc2396_full / rfc3987 / rfc3987_full
 * variants): tag:, urn:, character and scheme checks. Returns success.
 */
function validateUri(
  ctx: Ctx,
  site: UriSite,
  raw: string,
  grammar: UriGrammar,
  errorRule: RuleName,
): boolean {
  const value = grammar === 'rfc3987' ? idnaApprox(raw) : raw;
  const re = grammar.endsWith('_full') ? RFC2396_FULL_RE : RFC2396_RE;
  const params = { ...site.params, value: raw };
  const scheme = (value.split(':')[0] ?? '').toLowerCase();
  if (scheme === 'tag') {
    if (TAG_RE.test(value)) return true;
    report(ctx, 'InvalidTAG', params, site.path);
    return false;
  }
  if (scheme === 'urn') {
    if (value.toLowerCase().startsWith('urn:uuid:') && !UUID_RE.test(value)) {
      report(ctx, 'InvalidUUID', params, site.path);
      return false;
    }
    if (URN_RE.test(value)) return true;
    report(ctx, 'InvalidURN', params, site.path);
    return false;
  }
  if (!re.test(value)) {
    const bad = [...value].find((c) => c.charCodeAt(0) < 128 && !URICHAR_RE.test(c));
    if (bad !== undefined) report(ctx, 'InvalidUriChar', { ...params, char: bad }, site.path);
    else if (hasNonAscii(value) && re.test(idnaApprox(value))) report(ctx, 'UriNotIri', params, site.path);
    else report(ctx, errorRule, params, site.path);
    return false;
  }
  if (scheme === 'http' || scheme === 'ftp') {
    if (/^\w+:\/\/[^/].*/.test(value)) return true;
    report(ctx, errorRule, params, site.path);
    return false;
  }
  if (value.includes(':') && /^[a-zA-Z]+$/.test(scheme) && !IANA_SCHEMES.has(scheme)) {
    report(ctx, 'SchemeNotIANARegistered', { ...params, value: scheme }, site.path);
    return false;
  }
  return true;
}

function uriCheck(grammar: UriGrammar, errorRule: RuleName): ValueCheck {
  return (s, ctx, value) => {
    validateUri(ctx, { params: where(s), path: s.el.path }, value, grammar, errorRule);
  };
}

/** rfc2396_full: an absolute URL (InvalidFullLink) */
const fullUri = uriCheck('rfc2396_full', 'InvalidFullLink');
/** rfc2396: a URI reference (InvalidLink) */
const anyUri = uriCheck('rfc2396', 'InvalidLink');
/** rfc3987: an IRI reference (InvalidIRI) */
const anyIri = uriCheck('rfc3987', 'InvalidIRI');

// --- uri.py canonicalForm ------------------------------------------------------

const SUBDELIMS = "!$&'()*+,;=";
const PCHAR = `-._~${SUBDELIMS}:@`;
const GENDELIMS = ':/?#[]@';
const RESERVED = GENDELIMS + SUBDELIMS;
const DEFAULT_PORTS: Record<string, number> = {
  ftp: 21,
  telnet: 23,
  http: 80,
  gopher: 70,
  news: 119,
  nntp: 119,
  prospero: 191,
  https: 443,
  snews: 563,
  snntp: 563,
};

class BadUri extends Error {}

/** uri.py asOctets: characters and %XX escapes, escapes upper-cased. */
function asOctets(s: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new BadUri();
      out.push([`%${hex.toUpperCase()}`, Number.parseInt(hex, 16)]);
      i += 3;
    } else {
      const cp = s.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      out.push([ch, cp]);
      i += ch.length;
    }
  }
  return out;
}

/** Python urllib.parse.quote(s, safe) */
function pyQuote(s: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(ch) || (byte < 128 && safe.includes(ch))) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Python urllib.parse.unquote(s) */
function pyUnquote(s: string): string {
  return s.replace(/(%[0-9a-fA-F]{2})+/g, (run) =>
    Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'),
  );
}

/** uri.py _qnu: normalise percent-encoding, keeping reserved characters that are "safe". */
function qnu(s: string | undefined, safe = ''): string | undefined {
  if (s === undefined) return undefined;
  let res = '';
  let bytes: number[] = [];
  const flush = (): string => {
    if (bytes.some((b) => b > 255)) throw new BadUri(); // bytearray() would reject these
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    bytes = [];
    return pyQuote(pyUnquote(text).normalize('NFC'), safe);
  };
  for (const [c, x] of asOctets(s)) {
    const ch = String.fromCodePoint(x);
    if (RESERVED.includes(ch) && safe.includes(ch)) {
      res += flush();
      res += c;
    } else {
      bytes.push(x);
    }
  }
  return res + flush();
}

/** uri.py _normPort */
function normPort(netloc: string, defPort: number | null): string {
  let nl = netloc.toLowerCase();
  let p = defPort;
  const m = /:(\d*)$/.exec(nl);
  if (m) {
    if (m[1] !== '') p = Number.parseInt(m[1] ?? '', 10);
    nl = nl.slice(0, m.index);
  }
  if (nl.endsWith('.') && nl.slice(0, -2).lastIndexOf('.') >= 0) nl = nl.slice(0, -1);
  if (nl.startsWith('[') !== nl.endsWith(']')) throw new BadUri();
  if (p !== defPort) nl = `${nl}:${p}`;
  return nl;
}

/** uri.py _normAuth */
function normAuth(auth: string, port: number | null): string {
  const i = auth.lastIndexOf('@');
  if (i < 0) return normPort(auth, port);
  let c = auth.slice(0, i);
  if (c === ':') c = '';
  const h = auth.slice(i + 1);
  return c ? `${c}@${normPort(h, port)}` : normPort(h, port);
}

/** uri.py _normPath: dot-segment removal plus per-segment normalisation. */
function normPath(p: string): string {
  const l = p.split('/');
  let i = l[0] ? l.length : 0;
  while (i < l.length) {
    const c = l[i];
    if (c === '.') {
      if (i < l.length - 1) l.splice(i, 1);
      else l[i] = '';
    } else if (c === '..') {
      if (i < l.length - 1) l.splice(i, 1);
      else l[i] = '';
      if (i > 1 || (i > 0 && l[0])) {
        i -= 1;
        l.splice(i, 1);
      }
    } else {
      i += 1;
    }
  }
  const segs = l.length === 1 && l[0] === '' ? ['', ''] : l;
  return segs.map((c) => qnu(c, PCHAR) ?? '').join('/');
}

/** uri.py _canonical */
function canonical(s: string): string | null {
  const m = /^(([^:/?#]+):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$/.exec(s);
  if (!m) throw new BadUri();
  const scheme = m[2] === undefined ? null : m[2].toLowerCase();
  const p = m[5] ?? '';
  let authority: string | null = null;
  let path: string;
  if (m[4] === undefined) {
    if (scheme === null && !p.startsWith('/')) return null;
    if (scheme === 'mailto') {
      const i = p.indexOf('@');
      let q = p;
      if (i > 0) {
        let j = p.indexOf('?');
        if (j < 0) j = p.length;
        q = `${qnu(p.slice(0, i))}@${qnu(p.slice(i + 1).toLowerCase())}${qnu(p.slice(j))}`;
      }
      path = q;
    } else {
      path = scheme === null || p.startsWith('/') ? normPath(p) : (qnu(p, `${PCHAR}/`) ?? '');
    }
  } else {
    authority = normAuth(m[4], scheme !== null ? (DEFAULT_PORTS[scheme] ?? null) : null);
    path = normPath(p);
  }
  const query = qnu(m[7], `${PCHAR}/?`);
  const fragment = qnu(m[9], `${PCHAR}/?`);
  let out = '';
  if (scheme !== null) out += `${scheme}:`;
  if (authority !== null) out += `//${authority}`;
  out += path;
  if (query !== undefined) out += `?${query}`;
  if (fragment !== undefined) out += `#${fragment}`;
  return out;
}

/** uri.py canonicalForm */
export function canonicalForm(u: string): string | null {
  try {
    return canonical(u);
  } catch {
    return null;
  }
}

/** validators.py canonicaluri: absolute, and written in canonical form (NonCanonicalURI). */
const canonicalUri: ValueCheck = (s, ctx, value) => {
  if (!validateUri(ctx, { params: where(s), path: s.el.path }, value, 'rfc3987_full', 'InvalidFullLink'))
    return;
  const c = canonicalForm(value);
  if (c === null || c !== value) report(ctx, 'NonCanonicalURI', { uri: value, curi: c ?? 'N/A' }, s.el.path);
};

// --- dates ---------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ZONE_HOURS: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
};
const RFC2822_RE =
  /^(((Mon)|(Tue)|(Wed)|(Thu)|(Fri)|(Sat)|(Sun)), )?\d\d? ((Jan)|(Feb)|(Mar)|(Apr)|(May)|(Jun)|(Jul)|(Aug)|(Sep)|(Oct)|(Nov)|(Dec)) \d\d\d\d \d\d:\d\d(:\d\d)? (([+-]?\d\d[03]0)|(UT)|(GMT)|(EST)|(EDT)|(CST)|(CDT)|(MST)|(MDT)|(PST)|(PDT)|Z)$/;
const RFC822_LENIENT_RE =
  /^(((mon)|(tue)|(wed)|(thu)|(fri)|(sat)|(sun))\s*,\s*)?\d\d?\s+((jan)|(feb)|(mar)|(apr)|(may)|(jun)|(jul)|(aug)|(sep)|(oct)|(nov)|(dec))\s+\d\d(\d\d)?\s+\d\d:\d\d(:\d\d)?\s+(([+-]\d\d\d\d)|(ut)|(gmt)|(est)|(edt)|(cst)|(cdt)|(mst)|(mdt)|(pst)|(pdt)|[a-ik-z])?$/;

function isValidDate(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** email.utils.parsedate_tz offset in minutes for a zone token. */
function zoneOffsetMinutes(zone: string): number {
  const named = ZONE_HOURS[zone.toUpperCase()];
  if (named !== undefined) return named * 60;
  const n = Number.parseInt(zone, 10);
  const sign = n < 0 ? -1 : 1;
  const abs = Math.abs(n);
  return sign * (Math.floor(abs / 100) * 60 + (abs % 100));
}

/** validators.py rfc822.validate: strict RFC 2822 first, then the lenient RFC 822 fallback. */
const rfc822Date: ValueCheck = (s, ctx, value) => {
  if (RFC2822_RE.test(value)) {
    const hasDow = value.indexOf(',') > 0;
    const parts = (hasDow ? value.slice(value.indexOf(',') + 2) : value).split(' ');
    const [dayS, monS, yearS, timeS, zone] = parts;
    const y = Number(yearS);
    const m = MONTHS.indexOf(monS ?? '') + 1;
    const d = Number(dayS);
    if (!isValidDate(y, m, d)) {
      report(ctx, 'InvalidRFC2822Date', where(s, { value }), s.el.path);
      return;
    }
    const dow = DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
    if (hasDow && dow.toLowerCase() !== value.slice(0, 3).toLowerCase()) {
      report(ctx, 'IncorrectDOW', where(s, { value: value.slice(0, 3) }), s.el.path);
      return;
    }
    const [hh, mm, ss] = (timeS ?? '').split(':').map(Number);
    const ts = Date.UTC(y, m - 1, d, hh ?? 0, mm ?? 0, ss ?? 0) - zoneOffsetMinutes(zone ?? 'GMT') * 60_000;
    if (ts > ctx.now + 600_000 || y < 1990) report(ctx, 'ImplausibleDate', where(s, { value }), s.el.path);
    return;
  }
  let prev = '';
  let cur = value.replace(/\\(.)/g, '');
  while (prev !== cur) {
    prev = cur;
    cur = cur.replace(/\([^(]*?\)/g, ' ');
  }
  const rule: RuleName = RFC822_LENIENT_RE.test(cur.trim().toLowerCase())
    ? 'ProblematicalRFC822Date'
    : 'InvalidRFC2822Date';
  report(ctx, rule, where(s, { value }), s.el.path);
};

/** validators.py unbounded_iso8601.validate after the regex matched: calendar and clock ranges. */
function isoRangesOk(value: string): boolean {
  const [datePart, timePart] = value.split('T');
  const date = (datePart ?? '').split('-').map(Number);
  const [y, m, d] = date;
  if (date.length > 2 && !isValidDate(y ?? 0, m ?? 0, d ?? 0)) return false;
  if (timePart !== undefined) {
    const clock = (timePart.split('Z')[0] ?? '').split('+')[0]?.split('-')[0]?.split(':') ?? [];
    if (Number(clock[0]) > 23) return false;
    if (clock.length > 1 && Number(clock[1]) > 60) return false;
    if (clock.length > 2 && Number.parseFloat(clock[2] ?? '0') > 60) return false;
  }
  return true;
}

/** validators.py implausible_8601: string comparison against 1990 and "tomorrow". */
function implausible8601(value: string, now: number): boolean {
  const tomorrow = `${new Date(now + 86_400_000).toISOString().slice(0, 19)}Z`;
  return value < '1990-01-01' || value > tomorrow;
}

function isoDate(re: RegExp, rule: RuleName): ValueCheck {
  return (s, ctx, value) => {
    if (!re.test(value) || !isoRangesOk(value)) {
      report(ctx, rule, where(s, { value }), s.el.path);
      return;
    }
    if (implausible8601(value, ctx.now)) report(ctx, 'ImplausibleDate', where(s, { value }), s.el.path);
  };
}

/** validators.py rfc3339 */
const rfc3339Date = isoDate(
  /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|([+-]\d\d:\d\d))$/,
  'InvalidRFC3339Date',
);
/** validators.py w3cdtf */
const w3cdtfDate = isoDate(
  /^\d\d\d\d(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d*)?)?(Z|([+-]\d\d:\d\d)))?)?)?$/,
  'InvalidW3CDTFDate',
);

// --- e-mail ----------------------------------------------------------------------

/** Approximates email.utils.getaddresses([value]) for a single address. */
function singleAddress(value: string): string | undefined {
  if (value.includes(',')) return undefined;
  const angle = /<([^>]*)>/.exec(value);
  if (angle) return (angle[1] ?? '').trim();
  const withoutComments = value.replace(/\([^)]*\)/g, ' ').trim();
  return withoutComments.split(/\s+/)[0] ?? '';
}

/** validators.py addr_spec.validate (the DNS lookup behind UnknownHost is skipped). */
function addrSpec(s: Scope, ctx: Ctx, addr: string, rule: RuleName, shown: string): void {
  if (EMAIL_RE.test(addr) || SIMPLE_EMAIL_RE.test(addr)) return;
  report(ctx, rule, where(s, { value: shown }), s.el.path);
}

/** validators.py email_with_name: RSS wants "addr (Real Name)". */
const emailWithName: ValueCheck = (s, ctx, raw) => {
  const value = raw.startsWith('mailto:') ? pyUnquote(raw.slice('mailto:'.length)) : raw;
  if (value.indexOf('@') > 0 && !value.endsWith(')')) {
    report(ctx, value.indexOf(' ') > 0 ? 'EmailFormat' : 'MissingRealName', where(s), s.el.path);
    return;
  }
  nonHtmlWith('ContainsHTML')(s, ctx, value);
  addrSpec(s, ctx, singleAddress(value) ?? value, 'InvalidContact', value);
};

/** author.py do_email -> addr_spec (InvalidAddrSpec) */
const atomEmail: ValueCheck = (s, ctx, value) => addrSpec(s, ctx, value, 'InvalidAddrSpec', value);

/** validators.py nonemail */
const nonEmail: ValueCheck = (s, ctx, value) => {
  if (EMBEDDED_EMAIL_RE.test(value)) report(ctx, 'ContainsEmail', where(s), s.el.path);
};

// --- HTML in plain text (validators.py nonhtml) -----------------------------------

/**
 * validators.py nonhtml.validate: HTML end tags, then HTML entity references,
 * then (RSS 2.0 profile) raw "&#"/"<" unless the start line uses "&#x".
 */
function nonHtmlWith(rule: RuleName): ValueCheck {
  return (s, ctx, value) => nonHtmlValue(s.el, s.parent?.vname, s.vname, ctx, value, rule);
}

function startLineUsesHexRefs(el: XmlElement, ctx: Ctx): boolean {
  return (ctx.rawLines[el.line - 1] ?? '').includes('&#x');
}

function nonHtmlValue(
  el: XmlElement,
  parent: string | undefined,
  element: string,
  ctx: Ctx,
  value: string,
  rule: RuleName,
): void {
  const params = { parent, element };
  const tag = [...value.matchAll(/<\/(\w+)>/g)]
    .map((m) => m[1] ?? '')
    .find((t) => HTML_TAGS.has(t.toLowerCase()));
  if (tag !== undefined) {
    report(ctx, rule, { ...params, value: tag }, el.path);
    return;
  }
  const entities = [...value.matchAll(/&(#?\w+)/g)].map((m) => m[1] ?? '');
  if (entities.length > 0) {
    const flagged = entities.find((v) => HTML4_ENTITIES.has(v) || v === 'apos' || !/^[A-Za-z]+$/.test(v));
    if (flagged !== undefined && !startLineUsesHexRefs(el, ctx)) {
      report(ctx, rule, { ...params, value: `&${flagged};` }, el.path);
    }
    return;
  }
  if (ctx.feedType === 'rss' && /&#[x0-9]|<[/a-zA-Z]/.test(value) && !startLineUsesHexRefs(el, ctx)) {
    if (ctx.rssVersion.startsWith('2.')) report(ctx, 'CharacterData', {}, el.path);
  }
}

const nonHtml = nonHtmlWith('ContainsHTML');

// --- HTML content (validators.py HTMLValidator, html5lib strict parse) --------------

interface HtmlTag {
  name: string;
  attrs: Array<{ name: string; value: string }>;
}

class HtmlParseError extends Error {}

const VOID_ELEMENTS = new Set(
  'area base basefont bgsound br col command embed hr img input keygen link meta param source track wbr'.split(
    ' ',
  ),
);
const RAWTEXT_ELEMENTS = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes']);
const RCDATA_ELEMENTS = new Set(['textarea', 'title']);
const CLOSES_P = new Set(
  (
    'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer ' +
    'header hgroup main menu nav ol p section summary ul h1 h2 h3 h4 h5 h6 pre listing form hr table ' +
    'plaintext xmp li dd dt'
  ).split(' '),
);
const IMPLIED_END = new Set('dd dt li optgroup option p rb rp rt rtc'.split(' '));
const TABLE_PARTS = new Set('caption col colgroup tbody td tfoot th thead tr'.split(' '));
const EOF_OK = new Set('dd dt li p tbody td tfoot th thead tr body html'.split(' '));
const P_SCOPE_BOUNDARY = new Set('applet caption html table td th marquee object template button'.split(' '));

/** html5lib consumeEntity: any '&' that is not a complete, known reference is a parse error. */
function charRefLength(s: string, i: number, allowed: string | undefined): number {
  const next = s[i + 1];
  if (next === undefined || ' \t\n\f\r<&'.includes(next) || next === allowed) return 1;
  if (next === '#') {
    let j = i + 2;
    const hex = s[j] === 'x' || s[j] === 'X';
    if (hex) j++;
    const start = j;
    while (j < s.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(s[j] ?? '')) j++;
    if (j === start) throw new HtmlParseError('expected-numeric-entity');
    const cp = Number.parseInt(s.slice(start, j), hex ? 16 : 10);
    if (isIllegalCodepoint(cp)) throw new HtmlParseError('illegal-codepoint-for-numeric-entity');
    if (s[j] !== ';') throw new HtmlParseError('numeric-entity-without-semicolon');
    return j + 1 - i;
  }
  const m = /^[A-Za-z0-9]+/.exec(s.slice(i + 1));
  const name = m?.[0] ?? '';
  if (name && s[i + 1 + name.length] === ';' && (HTML4_ENTITIES.has(name) || name === 'apos')) {
    return name.length + 2;
  }
  throw new HtmlParseError(name ? 'named-entity-without-semicolon-or-unknown' : 'expected-named-entity');
}

function isIllegalCodepoint(cp: number): boolean {
  if (cp === 0 || cp === 0x0d || (cp >= 0x80 && cp <= 0x9f)) return true;
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return true;
  if ((cp >= 0x01 && cp <= 0x08) || (cp >= 0x0e && cp <= 0x1f) || cp === 0x0b || cp === 0x7f) return true;
  return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
}

function checkCharRefs(s: string, allowed: string | undefined): void {
  let i = s.indexOf('&');
  while (i >= 0) {
    i = s.indexOf('&', i + charRefLength(s, i, allowed));
  }
}

/** Decodes the handful of references that matter for style-attribute scanning. */
function decodeBasicRefs(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (m, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[ref] ?? m;
  });
}

/**
 * A small HTML5 tokenizer/tree-walker that fails where html5lib's strict
 * parser (HTMLParser(strict=True)) raises ParseError, for the constructs that
 * show up in feed content. Table and foreign-content rules are simplified.
 */
class HtmlScanner {
  private pos = 0;
  private readonly stack: string[] = [];
  private foreignRoot: number | undefined;
  readonly tags: HtmlTag[] = [];

  constructor(private readonly s: string) {}

  run(): void {
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '<') this.tagOpen();
      else if (c === '&') this.pos += charRefLength(this.s, this.pos, undefined);
      else this.pos++;
    }
    this.checkEof();
  }

  private tagOpen(): void {
    const n = this.s[this.pos + 1];
    if (n === '!') this.markupDeclaration();
    else if (n === '/') this.endTag();
    else if (n !== undefined && /[A-Za-z]/.test(n)) this.startTag();
    else
      throw new HtmlParseError(n === '?' ? 'expected-tag-name-but-got-question-mark' : 'expected-tag-name');
  }

  private markupDeclaration(): void {
    const rest = this.s.slice(this.pos);
    if (!rest.startsWith('<!--')) {
      throw new HtmlParseError(
        /^<!doctype/i.test(rest) ? 'unexpected-doctype' : 'expected-dashes-or-doctype',
      );
    }
    const start = this.pos + 4;
    if (this.s[start] === '>' || this.s.startsWith('->', start))
      throw new HtmlParseError('incorrect-comment');
    const end = this.s.indexOf('-->', start);
    if (end < 0) throw new HtmlParseError('eof-in-comment');
    const body = this.s.slice(start, end);
    if (body.includes('--') || body.endsWith('-')) throw new HtmlParseError('unexpected-char-in-comment');
    this.pos = end + 3;
  }

  private endTag(): void {
    const first = this.s[this.pos + 2];
    if (first === undefined) throw new HtmlParseError('expected-closing-tag-but-got-eof');
    if (first === '>') throw new HtmlParseError('expected-closing-tag-but-got-right-bracket');
    if (!/[A-Za-z]/.test(first)) throw new HtmlParseError('expected-closing-tag-but-got-char');
    const m = /^[^\s/>]+/.exec(this.s.slice(this.pos + 2));
    const name = (m?.[0] ?? '').toLowerCase();
    const close = this.s.indexOf('>', this.pos + 2);
    if (close < 0) throw new HtmlParseError('eof-in-tag-name');
    const rest = this.s.slice(this.pos + 2 + name.length, close);
    if (rest.trim() !== '') throw new HtmlParseError('attributes-in-end-tag');
    this.pos = close + 1;
    this.closeElement(name);
  }

  private skipWhitespace(): void {
    while (/[\t\n\f\r ]/.test(this.s[this.pos] ?? '')) this.pos++;
  }

  private startTag(): void {
    const m = /^[^\s/>]+/.exec(this.s.slice(this.pos + 1));
    const name = (m?.[0] ?? '').toLowerCase();
    this.pos += 1 + name.length;
    const attrs: HtmlTag['attrs'] = [];
    let selfClosing = false;
    for (;;) {
      this.skipWhitespace();
      const c = this.s[this.pos];
      if (c === undefined) throw new HtmlParseError('eof-in-tag');
      if (c === '>') {
        this.pos++;
        break;
      }
      if (c === '/') {
        if (this.s[this.pos + 1] !== '>')
          throw new HtmlParseError('unexpected-character-after-solidus-in-tag');
        selfClosing = true;
        this.pos += 2;
        break;
      }
      attrs.push(this.attribute(attrs));
    }
    this.tags.push({ name, attrs });
    this.openElement(name, selfClosing);
    if (!selfClosing) this.consumeRawContent(name);
  }

  private attribute(seen: HtmlTag['attrs']): { name: string; value: string } {
    const m = /^[^\s/>=]*/.exec(this.s.slice(this.pos + (this.s[this.pos] === '=' ? 1 : 0)));
    if (this.s[this.pos] === '=') throw new HtmlParseError('expected-attribute-name-but-got-equals');
    const raw = m?.[0] ?? '';
    if (/["'<]/.test(raw)) throw new HtmlParseError('invalid-character-in-attribute-name');
    const name = raw.toLowerCase();
    if (seen.some((a) => a.name === name)) throw new HtmlParseError('duplicate-attribute');
    this.pos += raw.length;
    this.skipWhitespace();
    if (this.s[this.pos] !== '=') return { name, value: '' };
    this.pos++;
    this.skipWhitespace();
    return { name, value: this.attributeValue() };
  }

  private attributeValue(): string {
    const q = this.s[this.pos];
    if (q === undefined) throw new HtmlParseError('expected-attribute-value-but-got-eof');
    if (q === '>') throw new HtmlParseError('expected-attribute-value-but-got-right-bracket');
    if (q === '"' || q === "'") {
      const end = this.s.indexOf(q, this.pos + 1);
      if (end < 0) throw new HtmlParseError('eof-in-attribute-value');
      const value = this.s.slice(this.pos + 1, end);
      checkCharRefs(value, q);
      this.pos = end + 1;
      const after = this.s[this.pos];
      if (after !== undefined && !/[\t\n\f\r />]/.test(after)) {
        throw new HtmlParseError('unexpected-character-after-attribute-value');
      }
      return decodeBasicRefs(value);
    }
    const m = /^[^\t\n\f\r >]*/.exec(this.s.slice(this.pos));
    const value = m?.[0] ?? '';
    if (/["'=<`]/.test(value)) throw new HtmlParseError('unexpected-character-in-unquoted-attribute-value');
    checkCharRefs(value, '>');
    this.pos += value.length;
    return decodeBasicRefs(value);
  }

  private consumeRawContent(name: string): void {
    if (this.foreignRoot !== undefined) return;
    if (name === 'plaintext') {
      this.pos = this.s.length;
      return;
    }
    if (!RAWTEXT_ELEMENTS.has(name) && !RCDATA_ELEMENTS.has(name)) return;
    const re = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'i');
    const m = re.exec(this.s.slice(this.pos));
    if (!m) throw new HtmlParseError('expected-named-closing-tag-but-got-eof');
    const content = this.s.slice(this.pos, this.pos + m.index);
    if (RCDATA_ELEMENTS.has(name)) checkCharRefs(content, undefined);
    this.pos += m.index;
  }

  private inTable(): boolean {
    return this.stack.includes('table');
  }

  private pInButtonScope(): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const el = this.stack[i] ?? '';
      if (el === 'p') return true;
      if (P_SCOPE_BOUNDARY.has(el)) return false;
    }
    return false;
  }

  private popThrough(name: string): void {
    const idx = this.stack.lastIndexOf(name);
    if (idx >= 0) this.stack.length = idx;
  }

  private openElement(name: string, selfClosing: boolean): void {
    if (this.foreignRoot !== undefined) {
      if (!selfClosing) this.stack.push(name);
      return;
    }
    if (name === 'html') throw new HtmlParseError('non-html-root');
    if (['head', 'body', 'frameset', 'frame'].includes(name))
      throw new HtmlParseError('unexpected-start-tag');
    if (name === 'image') throw new HtmlParseError('unexpected-start-tag-treated-as');
    if (TABLE_PARTS.has(name) && !this.inTable()) throw new HtmlParseError('unexpected-start-tag-ignored');
    if (name === 'svg' || name === 'math') {
      if (!selfClosing) {
        this.foreignRoot = this.stack.length;
        this.stack.push(name);
      }
      return;
    }
    if (selfClosing && !VOID_ELEMENTS.has(name))
      throw new HtmlParseError('non-void-element-with-trailing-solidus');
    this.applyImpliedCloses(name);
    if (!VOID_ELEMENTS.has(name)) this.stack.push(name);
  }

  /** html5lib "in body" start-tag rules that silently close open elements (or fail). */
  private applyImpliedCloses(name: string): void {
    const top = this.stack[this.stack.length - 1] ?? '';
    if (CLOSES_P.has(name) && this.pInButtonScope()) this.popThrough('p');
    if (/^h[1-6]$/.test(name) && /^h[1-6]$/.test(this.stack[this.stack.length - 1] ?? '')) {
      throw new HtmlParseError('unexpected-start-tag');
    }
    if (name === 'li' && this.stack[this.stack.length - 1] === 'li') this.stack.pop();
    if ((name === 'dd' || name === 'dt') && ['dd', 'dt'].includes(this.stack[this.stack.length - 1] ?? '')) {
      this.stack.pop();
    }
    if ((name === 'a' || name === 'button' || name === 'form') && this.stack.includes(name)) {
      throw new HtmlParseError('unexpected-start-tag-implies-end-tag');
    }
    if ((name === 'option' || name === 'optgroup') && top === 'option') this.stack.pop();
    if ((name === 'td' || name === 'th') && ['td', 'th'].includes(top)) this.stack.pop();
    if (name === 'tr') this.popTableRowContents();
  }

  private popTableRowContents(): void {
    while (['td', 'th', 'tr'].includes(this.stack[this.stack.length - 1] ?? '')) this.stack.pop();
  }

  private closeElement(name: string): void {
    if (this.foreignRoot !== undefined) {
      const idx = this.stack.lastIndexOf(name);
      if (idx < this.foreignRoot) throw new HtmlParseError('unexpected-end-tag');
      this.stack.length = idx;
      if (idx === this.foreignRoot) this.foreignRoot = undefined;
      return;
    }
    if (VOID_ELEMENTS.has(name)) {
      throw new HtmlParseError(name === 'br' ? 'unexpected-end-tag-treated-as' : 'unexpected-end-tag');
    }
    const idx = this.stack.lastIndexOf(name);
    if (idx < 0) throw new HtmlParseError('unexpected-end-tag');
    const table = this.inTable();
    for (const above of this.stack.slice(idx + 1)) {
      if (!IMPLIED_END.has(above) && !(table && TABLE_PARTS.has(above))) {
        throw new HtmlParseError('end-tag-too-early');
      }
    }
    this.stack.length = idx;
  }

  private checkEof(): void {
    if (this.stack.some((el) => !EOF_OK.has(el)))
      throw new HtmlParseError('expected-closing-tag-but-got-eof');
  }
}

function scanHtml(html: string): { error: string | undefined; tags: HtmlTag[] } {
  const scanner = new HtmlScanner(html);
  try {
    scanner.run();
    return { error: undefined, tags: scanner.tags };
  } catch (e) {
    if (e instanceof HtmlParseError) return { error: e.message, tags: [] };
    throw e;
  }
}

/** validators.py checkStyle: returns the unsafe parts of a style attribute. */
function checkStyle(style: string): string[] {
  if (!/^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$/.test(style)) return [style];
  if (!/^(\s*[-\w]+\s*:\s*[^:;]*(;|$))*$/.test(style)) return [style];
  const unsafe: string[] = [];
  for (const m of style.toLowerCase().matchAll(/([-\w]+)\s*:\s*([^:;]*)/g)) {
    const prop = m[1] ?? '';
    const value = m[2] ?? '';
    if (!ACCEPTABLE_CSS_PROPERTIES.has(prop)) {
      if (!unsafe.includes(prop)) unsafe.push(prop);
    } else if (['background', 'border', 'margin', 'padding'].includes(prop.split('-')[0] ?? '')) {
      for (const keyword of value.split(/\s+/).filter(Boolean)) {
        if (
          !ACCEPTABLE_CSS_KEYWORDS.has(keyword) &&
          !VALID_CSS_VALUE_RE.test(keyword) &&
          !unsafe.includes(keyword)
        ) {
          unsafe.push(keyword);
        }
      }
    }
  }
  return unsafe;
}

/** validators.py HTMLValidator.handle_tag */
function handleHtmlTag(s: Scope, ctx: Ctx, tag: HtmlTag): void {
  if (!HTML_TAGS.has(tag.name)) {
    report(ctx, 'NotHtml', where(s, { message: `Non-html tag: ${tag.name}` }), s.el.path);
  } else if (!ACCEPTABLE_ELEMENTS.has(tag.name)) {
    report(ctx, 'SecurityRisk', where(s, { tag: tag.name }), s.el.path);
  } else {
    for (const a of tag.attrs) {
      if (a.name === 'style') {
        for (const evil of checkStyle(a.value)) {
          report(ctx, 'DangerousStyleAttr', where(s, { attr: 'style', value: evil }), s.el.path);
        }
      } else if (!ACCEPTABLE_ATTRIBUTES.has(a.name) && !a.name.startsWith('data-')) {
        report(ctx, 'SecurityRiskAttr', where(s, { attr: a.name }), s.el.path);
      }
    }
  }
}

/** validators.py HTMLValidator.__init__: parse strictly, then vet every element. */
function validateHtml(s: Scope, ctx: Ctx, value: string): void {
  if (value.toLowerCase().includes('<?import '))
    report(ctx, 'SecurityRisk', where(s, { tag: '?import' }), s.el.path);
  const scan = scanHtml(value);
  if (scan.error !== undefined) {
    report(ctx, 'NotHtml', where(s, { message: `Invalid HTML: ${scan.error}` }), s.el.path);
    return;
  }
  for (const tag of scan.tags) handleHtmlTag(s, ctx, tag);
}

/** validators.py decodehtml (including its quirk of not decoding hex references). */
function decodeHtmlRefs(data: string): string {
  return data.replace(/&#?(\w+);/g, (_m, ref: string) => {
    if (/^\d+$/.test(ref)) return String.fromCodePoint(Number(ref));
    if (HTML4_ENTITIES.has(ref)) return decodeBasicRefs(`&${ref};`);
    return `&${ref};`;
  });
}

/** validators.py absUrlMixin.validateAbsUrl: relative href/src in escaped HTML. */
function validateAbsUrls(s: Scope, ctx: Ctx, value: string): void {
  const imgs = [...value.matchAll(/<img\s+[^>]*src=(?:"(.*?)"|'(.*?)'|([\w-]+))[\s>]/gi)];
  const anchors = [...value.matchAll(/<a\s+href=(?:"(.*?)"|'(.*?)'|([\w-]+))[\s>]/gi)];
  for (const m of [...imgs, ...anchors]) {
    const ref = decodeHtmlRefs(m[1] || m[2] || m[3] || '').trim();
    if (/^\w+:/.test(ref)) continue;
    const bad = [...ref].find((c) => c.charCodeAt(0) < 128 && !URICHAR_RE.test(c));
    if (bad !== undefined) report(ctx, 'InvalidUriChar', { value: ref, char: bad }, s.el.path);
    else report(ctx, 'ContainsRelRef', where(s, { value: ref }), s.el.path);
  }
}

/** validators.py safeHtml: RSS description and content:encoded. */
const safeHtml: ValueCheck = (s, ctx, value) => {
  validateHtml(s, ctx, value);
  validateAbsUrls(s, ctx, value);
};

/** validators.py unique: values must not repeat within a scope (guid, atom:id, updated). */
function unique(registry: () => string[], rule: RuleName): ValueCheck {
  return (s, ctx, value) => {
    if (!value) report(ctx, 'NotBlank', where(s), s.el.path);
    const seen = registry();
    if (seen.includes(value)) report(ctx, rule, where(s, { value }), s.el.path);
    else if (value) seen.push(value);
  };
}

// ---------------------------------------------------------------------------
// Atom constructs shared by RSS (atom:*) and Atom feeds
// ---------------------------------------------------------------------------

interface AtomLinkInfo {
  rel: string;
  type: string;
  hreflang: string;
  href: string;
}

/** The link's xml:base walk in link.py: is there an absolute authority anywhere? */
function hasAbsoluteAuthority(el: XmlElement, href: string): boolean {
  const authority = (u: string): boolean => /^([a-zA-Z][a-zA-Z0-9+.-]*:)?\/\/[^/?#]/.test(u);
  if (authority(href)) return true;
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const base = attrValue(e, 'base', XML_NS);
    if (base !== undefined) return authority(base);
  }
  return false;
}

function sameUri(a: string, b: string): boolean {
  const ca = canonicalForm(a);
  return ca !== null && ca === canonicalForm(b);
}

/** link.py: rel="self" on feed/channel must point at the document itself. */
function checkSelfLink(s: Scope, ctx: Ctx, href: string): void {
  if (!hasAbsoluteAuthority(s.el, href)) report(ctx, 'RelativeSelf', { value: href }, s.el.path);
  const joined = urljoin(s.el.xmlBase, href);
  if (ctx.selfUris.includes(joined)) return;
  if (joined.split('#')[0] === s.el.xmlBase.split('#')[0]) return;
  if (ctx.selfUris.some((docbase) => sameUri(href, docbase))) return;
  report(ctx, 'SelfDoesntMatchLocation', where(s), s.el.path);
  ctx.selfUris.push(joined);
}

/** link.py link.validate (atom:link in RSS and link in Atom). */
function checkAtomLink(s: Scope, ctx: Ctx): AtomLinkInfo {
  const el = s.el;
  const info: AtomLinkInfo = { rel: 'alternate', type: '', hreflang: '', href: '' };
  const site = { params: where(s), path: el.path };
  const rel = attrValue(el, 'rel');
  if (rel !== undefined) {
    info.rel = rel.startsWith('http://www.iana.org/assignments/relation/')
      ? rel.slice('http://www.iana.org/assignments/relation/'.length)
      : rel;
    if (!ATOM_LINK_RELATIONS.has(info.rel) && !RFC2396_FULL_RE.test(idnaApprox(info.rel))) {
      report(ctx, 'UnregisteredAtomLinkRel', where(s, { attr: 'rel', value: info.rel }), el.path);
    }
    if (!info.rel) report(ctx, 'AttrNotBlank', where(s, { attr: 'rel' }), el.path);
    if (RFC5005_RELATIONS.has(info.rel) && s.parent?.vname === 'entry') {
      report(ctx, 'FeedHistoryRelInEntry', { rel: info.rel }, el.path);
    }
  }
  const type = attrValue(el, 'type');
  if (type !== undefined) {
    info.type = type;
    if (!MIME_RE.test(type)) report(ctx, 'InvalidMIMEType', where(s, { attr: 'type', value: type }), el.path);
    // link.py compares the whole value: a parameter (`; charset=utf-8`) also earns SelfNotAtom.
    else if (
      info.rel === 'self' &&
      !['application/atom+xml', 'application/rss+xml', 'application/rdf+xml'].includes(type)
    ) {
      report(ctx, 'SelfNotAtom', where(s, { attr: 'type', value: type }), el.path);
    }
  }
  const title = attrValue(el, 'title');
  if (title !== undefined) {
    if (!title) report(ctx, 'AttrNotBlank', where(s, { attr: 'title' }), el.path);
    nonHtmlValue(el, s.parent?.vname, s.vname, ctx, title, 'ContainsHTML');
  }
  const length = attrValue(el, 'length');
  if (length !== undefined) {
    const lengthScope = childScope(el, 'length', s.parent);
    nonNegativeInteger(lengthScope, ctx, length);
    nonBlank()(lengthScope, ctx, length);
  }
  const hreflang = attrValue(el, 'hreflang');
  if (hreflang !== undefined) {
    info.hreflang = hreflang;
    iso639(childScope(el, 'hreflang', s.parent), ctx, hreflang);
  }
  const href = attrValue(el, 'href');
  if (href !== undefined) {
    info.href = href;
    validateUri(
      ctx,
      { params: { ...site.params, element: 'href', attr: 'href' }, path: el.path },
      href,
      'rfc3987',
      'InvalidIRI',
    );
    if (info.rel === 'self' && ['feed', 'channel'].includes(s.parent?.vname ?? ''))
      checkSelfLink(s, ctx, href);
  } else {
    report(ctx, 'MissingHref', where(s, { attr: 'href' }), el.path);
  }
  checkThreadingAttrs(s, ctx, info.rel);
  if (rawText(el).trim()) report(ctx, 'AtomLinkNotEmpty', where(s), el.path);
  eat(el, ctx, s.vname);
  return info;
}

/** link.py: thr:count / thr:when / thr:updated (RFC 4685) attributes. */
function checkThreadingAttrs(s: Scope, ctx: Ctx, rel: string): void {
  const count = attrValue(s.el, 'count', THR_NS);
  if (count !== undefined) {
    if (rel !== 'replies')
      report(ctx, 'UnexpectedAttribute', { attribute: 'thr:count', element: s.vname }, s.el.path);
    nonNegativeInteger(childScope(s.el, 'thr:count', s.parent), ctx, count);
  }
  if (attrValue(s.el, 'when', THR_NS) !== undefined) report(ctx, 'NoThrWhen', where(s), s.el.path);
  const updated = attrValue(s.el, 'updated', THR_NS);
  if (updated !== undefined) {
    if (rel !== 'replies') {
      report(ctx, 'UnexpectedAttribute', { attribute: 'thr:updated', element: s.vname }, s.el.path);
    }
    rfc3339Date(childScope(s.el, 'thr:updated', s.parent), ctx, updated);
  }
}

const ATOM_LINK_ATTRS = [
  'type',
  'title',
  'rel',
  'href',
  'length',
  'hreflang',
  `{${RDF_NS}}type`,
  `{${RDF_NS}}resource`,
  `{${THR_NS}}count`,
  `{${THR_NS}}when`,
  `{${THR_NS}}updated`,
] as const;

function atomLinkRule(sink: AtomLinkInfo[] | undefined, before?: ChildRule['before']): ChildRule {
  return {
    attrs: ATOM_LINK_ATTRS,
    ...(before ? { before } : {}),
    check: (s, ctx) => {
      const info = checkAtomLink(s, ctx);
      sink?.push(info);
    },
  };
}

/** author.py author: name required; name/email/uri checks. */
const atomAuthorRule: ChildRule = {
  attrs: [`{${RDF_NS}}parseType`],
  check: (s, ctx) => {
    const nameRule = textRule([nonHtml, nonEmail, nonBlank()], { nodup: 'DuplicateElement' });
    const emailRule = textRule([atomEmail], { nodup: 'DuplicateElement' });
    const uriRule = textRule([nonBlank(), anyIri, noWhitespace], { nodup: 'DuplicateElement' });
    walkChildren(s, ctx, {
      name: nameRule,
      email: emailRule,
      uri: uriRule,
      atom_name: nameRule,
      atom_email: emailRule,
      atom_uri: uriRule,
      xhtml_div: EAT,
    });
    if (!s.children.includes('name') && !s.children.includes('atom_name')) {
      report(ctx, 'MissingElement', { parent: s.vname, element: 'name' }, s.el.path);
    }
  },
};

/** category.py category: term required and non-blank; scheme a full IRI; label plain text. */
const atomCategoryRule: ChildRule = {
  attrs: ['term', 'scheme', 'label'],
  check: (s, ctx) => {
    const term = attrValue(s.el, 'term');
    if (term === undefined) report(ctx, 'MissingAttribute', { element: s.vname, attr: 'term' }, s.el.path);
    else if (!term) report(ctx, 'NotBlank', { parent: s.vname, element: 'term' }, s.el.path);
    const scheme = attrValue(s.el, 'scheme');
    if (scheme !== undefined) {
      validateUri(
        ctx,
        { params: { parent: s.vname, element: 'scheme' }, path: s.el.path },
        scheme,
        'rfc3987_full',
        'InvalidFullLink',
      );
    }
    const label = attrValue(s.el, 'label');
    if (label !== undefined) nonHtmlValue(s.el, s.vname, 'label', ctx, label, 'ContainsHTML');
    walkChildren(s, ctx, {});
  },
};

/** generator.py generator: uri attribute is a URI reference; text is plain. */
const atomGeneratorRule: ChildRule = {
  attrs: ['uri', 'version'],
  nodup: 'DuplicateElement',
  check: (s, ctx) => {
    const uri = attrValue(s.el, 'uri');
    if (uri !== undefined) {
      validateUri(
        ctx,
        { params: where(s, { attr: 'uri' }), path: s.el.path },
        uri,
        'rfc2396',
        'InvalidURIAttribute',
      );
    }
    rejectChildElements(s, ctx);
    const value = textValue(s);
    nonHtml(s, ctx, value);
    nonBlank()(s, ctx, value);
  },
};

interface TextConstructInfo {
  type: string;
  hasSrc: boolean;
}

/** content.py diveater: XHTML inside an Atom xhtml text construct. */
function checkXhtmlDescendants(el: XmlElement, s: Scope, ctx: Ctx): boolean {
  let mixed = false;
  for (const c of elementChildren(el)) {
    if (!c.uri) {
      report(ctx, 'MissingNamespace', { parent: 'xhtml:div', element: c.local }, c.path);
    } else if (c.uri === XHTML_NS) {
      if (!HTML_TAGS.has(c.local)) {
        report(ctx, 'NotHtml', where(s, { message: `Non-XHTML element: ${c.local}` }), c.path);
      } else if (!ACCEPTABLE_ELEMENTS.has(c.local)) {
        report(ctx, 'SecurityRisk', { element: el.local, tag: c.local }, c.path);
      }
      checkXhtmlAttributes(c, el, ctx);
    } else if (c.uri === SVG_NS || c.uri === MATHML_NS) {
      const allowed = c.uri === SVG_NS ? SVG_ELEMENTS : MATHML_ELEMENTS;
      if (!allowed.has(c.local)) report(ctx, 'SecurityRisk', { element: el.local, tag: c.local }, c.path);
    } else if (NS_TO_PREFIX.has(c.uri)) {
      if (el.local !== 'metadata') {
        report(
          ctx,
          'UndefinedElement',
          { parent: el.local, element: `${NS_TO_PREFIX.get(c.uri)}:${c.local}` },
          c.path,
        );
      }
      continue;
    }
    mixed = true;
    checkXhtmlDescendants(c, s, ctx);
  }
  return mixed;
}

function checkXhtmlAttributes(c: XmlElement, parent: XmlElement, ctx: Ctx): void {
  for (const a of c.attrs) {
    if (a.uri || isNamespaceDecl(a)) continue;
    if (a.local === 'style') {
      for (const evil of checkStyle(a.value)) {
        report(ctx, 'DangerousStyleAttr', { element: parent.local, attr: 'style', value: evil }, c.path);
      }
    } else if (a.local.startsWith('on')) {
      report(ctx, 'SecurityRiskAttr', { element: parent.local, attr: a.local }, c.path);
    }
  }
}

/** Text collected by content.py diveater.validate (only for divs without child elements). */
function xhtmlDivText(div: XmlElement, s: Scope, ctx: Ctx): string {
  const mixed = checkXhtmlDescendants(div, s, ctx);
  return mixed ? '' : rawText(div);
}

/** content.py textConstruct.startElementNS for each child element. */
function textConstructChild(s: Scope, ctx: Ctx, c: XmlElement, type: string, valueSoFar: string): string {
  if (type !== 'xhtml' && !(type.endsWith('+xml') || type.endsWith('/xml'))) {
    report(ctx, 'UndefinedElement', { parent: s.vname, element: c.local }, c.path);
  }
  const isDiv = c.uri === XHTML_NS && c.local === 'div';
  if (type === 'xhtml') {
    if (!isDiv && !valueSoFar.trim()) {
      report(ctx, 'MissingXhtmlDiv', where(s), c.path);
      if (c.local === 'div') report(ctx, 'NotHtml', where(s, { message: 'unexpected namespace' }), c.path);
    } else if (c.uri !== XHTML_NS) {
      report(ctx, 'NotHtml', where(s, { message: 'unexpected namespace' }), c.path);
    }
  }
  if (isDiv) return xhtmlDivText(c, s, ctx);
  eat(c, ctx, c.local);
  return '';
}

/** content.py textConstruct.prevalidate: type/src attributes. */
function textConstructType(s: Scope, ctx: Ctx, isContent: boolean): TextConstructInfo {
  const src = attrValue(s.el, 'src');
  const typeAttr = attrValue(s.el, 'type');
  let type = src !== undefined ? '' : 'text';
  if (src === undefined && ctx.feedType === 'rss' && s.vname !== 'atom_summary') {
    report(ctx, 'DuplicateDescriptionSemantics', { element: s.vname }, s.el.path);
  }
  if (typeAttr !== undefined) {
    type = typeAttr;
    if (!type) report(ctx, 'AttrNotBlank', where(s, { attr: 'type' }), s.el.path);
  }
  if (isContent && type === 'multipart/alternative') report(ctx, 'InvalidMIMEType', where(s), s.el.path);
  if (!isContent && type.includes('/')) report(ctx, 'InvalidTextType', where(s, { attr: 'type' }), s.el.path);
  if (src !== undefined) {
    validateUri(
      ctx,
      { params: where(s, { attr: 'src' }), path: s.el.path },
      src,
      'rfc2396',
      'InvalidURIAttribute',
    );
    if (typeAttr === undefined) report(ctx, 'MissingTypeAttr', where(s, { attr: 'type' }), s.el.path);
  }
  const inlineType = ['text', 'html', 'xhtml'].includes(type) && src === undefined;
  if (!inlineType && type && !MIME_RE.test(type)) report(ctx, 'InvalidMIMEType', where(s), s.el.path);
  return { type, hasSrc: src !== undefined };
}

/** content.py textConstruct (title, subtitle, rights, summary) and content. */
function checkTextConstruct(s: Scope, ctx: Ctx, isContent: boolean): TextConstructInfo {
  const info = textConstructType(s, ctx, isContent);
  let value = '';
  let sawChild = info.hasSrc;
  for (const node of s.el.children) {
    if (node.type === 'element') {
      value += textConstructChild(s, ctx, node, info.type, value);
      sawChild = true;
      continue;
    }
    if (node.text.trim()) {
      if (info.type === 'xhtml' && !value.trim()) report(ctx, 'MissingXhtmlDiv', where(s), s.el.path);
      if (sawChild) report(ctx, 'UnexpectedText', where(s), s.el.path);
    }
    value += node.text;
  }
  validateTextConstructValue(s, ctx, info, value);
  if (!value && !sawChild) report(ctx, 'NotBlank', where(s), s.el.path);
  return info;
}

/** content.py textConstruct.validate: what each declared type may contain. */
function validateTextConstructValue(s: Scope, ctx: Ctx, info: TextConstructInfo, raw: string): void {
  let { type } = info;
  let value = raw;
  if (type === 'text' || type === 'xhtml') {
    nonHtmlWith(type === 'xhtml' ? 'NotInline' : 'ContainsUndeclaredHTML')(s, ctx, value);
    return;
  }
  if (type.includes('/') && !(type.endsWith('+xml') || type.endsWith('/xml') || type.startsWith('text/'))) {
    const compact = value.replace(/[^A-Za-z0-9+/=]/g, '');
    if (compact.length % 4 !== 0) report(ctx, 'NotBase64', where(s), s.el.path);
    else if (type.endsWith('/html')) {
      type = 'html';
      value = Buffer.from(compact, 'base64').toString('utf8');
    }
  }
  if (type === 'html' || type.endsWith('/html')) {
    validateHtml(s, ctx, value);
    if (type.endsWith('/html') && !value.includes('<html') && !info.hasSrc) {
      report(ctx, 'HtmlFragment', where(s, { type }), s.el.path);
    }
    return;
  }
  nonHtmlWith('ContainsUndeclaredHTML')(s, ctx, value);
}

function textConstructRule(isContent: boolean, opts: Omit<ChildRule, 'check'> = {}): ChildRule {
  return { attrs: ['type', 'src'], ...opts, check: (s, ctx) => void checkTextConstruct(s, ctx, isContent) };
}

// ---------------------------------------------------------------------------
// Media RSS (media.py; registered in extension.py)
// ---------------------------------------------------------------------------

/** media.py media_credit.EBU: roles accepted when the scheme is urn:ebu (the default). */
const EBU_ROLES = new Set([
  'actor',
  'adaptor',
  'anchor person',
  'animal trainer',
  'animator',
  'announcer',
  'armourer',
  'art director',
  'artist/performer',
  'assistant camera',
  'assistant chief lighting technician',
  'assistant director',
  'assistant producer',
  'assistant visual editor',
  'author',
  'broadcast assistant',
  'broadcast journalist',
  'camera operator',
  'carpenter',
  'casting',
  'causeur',
  'chief lighting technician',
  'choir',
  'choreographer',
  'clapper loader',
  'commentary or commentator',
  'commissioning broadcaster',
  'composer',
  'computer programmer',
  'conductor',
  'consultant',
  'continuity checker',
  'correspondent',
  'costume designer',
  'dancer',
  'dialogue coach',
  'director',
  'director of photography',
  'distribution company',
  'draughtsman',
  'dresser',
  'dubber',
  'editor/producer',
  'editor',
  'ensemble',
  'executive producer',
  'expert',
  'fight director',
  'floor manager',
  'focus puller',
  'foley artist',
  'foley editor',
  'foley mixer',
  'graphic assistant',
  'graphic designer',
  'greensman',
  'grip',
  'hairdresser',
  'illustrator',
  'interviewed guest',
  'interviewer',
  'key character',
  'key grip',
  'key talents',
  'leadman',
  'librettist',
  'lighting director',
  'lighting technician',
  'location manager',
  'lyricist',
  'make up artist',
  'manufacturer',
  'matte artist',
  'music arranger',
  'music group',
  'musician',
  'news reader',
  'orchestra',
  'participant',
  'photographer',
  'post',
  'producer',
  'production assistant',
  'production company',
  'production department',
  'production manager',
  'production secretary',
  'programme production researcher',
  'property manager',
  'publishing company',
  'puppeteer',
  'pyrotechnician',
  'reporter',
  'rigger',
  'runner',
  'scenario',
  'scenic operative',
  'script supervisor',
  'second assistant camera',
  'second assistant director',
  'second unit director',
  'set designer',
  'set dresser',
  'sign language',
  'singer',
  'sound designer',
  'sound mixer',
  'sound recordist',
  'special effects',
  'stunts',
  'subtitles',
  'technical director',
  'term',
  'translation',
  'transportation manager',
  'treatment/programme proposal',
  'vision mixer',
  'visual editor',
  'visual effects',
  'wardrobe',
  'witness',
  // "awaiting confirmation" in media.py
  'artist',
  'performer',
  'treatment',
  'treatment proposal',
  'programme proposal',
]);

/** validators.py iso3166.valuelist (media:restriction type="country"). */
const ISO3166_CODES = new Set(
  (
    'AD AE AF AG AI AM AN AO AQ AR AS AT AU AW AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK ' +
    'FM FO FR GA GB GD GE GF GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IN IO IQ IR ' +
    'IS IT JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD MG MH MK ML ' +
    'MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL ' +
    'PM PN PR PS PT PW PY QA RE RO RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR ST SV SY SZ TC TD TF ' +
    'TG TH TJ TK TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/**
 * media.py media_thumbnail.npt_re, `^(now)|(\d+(\.\d+)?)|(\d+:\d\d:\d\d(\.\d+)?)$`, used with
 * re.match: `^` binds to the first alternative only and `$` to the last, so in effect any value
 * that starts with "now" or a digit passes ("12 minutes" included).
 */
const NPT_RE = /^(?:now|\d+(?:\.\d+)?|\d+:\d\d:\d\d(?:\.\d+)?$)/;
/** media.py media_content: re.match('\d+\.?\d*'), unanchored at the end ("64kbps" passes). */
const MEDIA_FLOAT_RE = /^\d+\.?\d*/;
/** media.py media_rating, scheme urn:icra */
const ICRA_CODE = '([nsvlocx]z [01]|(n[a-c]|s[a-f]|v[a-j]|l[a-c]|o[a-h]|c[a-b]|x[a-e]) 1)';
const ICRA_RE = new RegExp(`^r \\(${ICRA_CODE}( ${ICRA_CODE})*\\)$`);
const MEDIA_RATINGS: Record<string, readonly string[]> = {
  'urn:simple': ['adult', 'nonadult'],
  'urn:mpaa': ['g', 'm', 'nc-17', 'pg', 'pg-13', 'r', 'x'],
  'urn:v-chip': [
    '14+',
    '18+',
    'c',
    'c8',
    'g',
    'pg',
    'tv-14',
    'tv-g',
    'tv-ma',
    'tv-pg',
    'tv-y',
    'tv-y7',
    'tv-y7-fv',
  ],
};

/** media.py media_content.getExpectedAttrNames */
const MEDIA_CONTENT_ATTRS = [
  'bitrate',
  'channels',
  'duration',
  'expression',
  'fileSize',
  'framerate',
  'height',
  'isDefault',
  'lang',
  'medium',
  'samplingrate',
  'type',
  'url',
  'width',
] as const;

/**
 * media.py checks attribute values by renaming the handler first (`self.name = "url"`), so a
 * finding names the attribute as its element, under the media element's parent.
 */
function mediaAttrSite(s: Scope, name: string): UriSite {
  return { params: { parent: s.parent?.vname, element: name }, path: s.el.path };
}

/** positiveInteger.validate / nonNegativeInteger.validate called on an attribute value. */
function mediaInteger(s: Scope, ctx: Ctx, name: string, value: string, min: 0 | 1): void {
  const n = pyInt(value);
  if (n === undefined || n < min) {
    const rule: RuleName = min === 1 ? 'InvalidPositiveInteger' : 'InvalidNonNegativeInteger';
    report(ctx, rule, { parent: s.parent?.vname, element: name, value }, s.el.path);
  }
}

/** media.py media_title.validate (also media_description, media_text): plain text or HTML. */
function mediaTextContent(s: Scope, ctx: Ctx, type: string | undefined): void {
  rejectChildElements(s, ctx);
  const value = textValue(s);
  if (type === 'html') validateHtml(s, ctx, value);
  else nonHtmlValue(s.el, s.parent?.vname, s.vname, ctx, value, 'ContainsUndeclaredHTML');
}

/** media.py media_title.prevalidate: type must be plain or html. */
function mediaTextType(s: Scope, ctx: Ctx): string | undefined {
  const type = attrValue(s.el, 'type');
  if (type && type !== 'plain' && type !== 'html') {
    report(ctx, 'InvalidMediaTextType', where(s, { attr: 'type', value: type }), s.el.path);
  }
  return type;
}

/** media.py media_title (media:title and media:description) */
function mediaTitleRule(): ChildRule {
  return {
    attrs: ['type'],
    nodup: 'DuplicateElement',
    check: (s, ctx) => mediaTextContent(s, ctx, mediaTextType(s, ctx)),
  };
}

/** media.py media_text: type, NPT start/end, lang, then the text like media_title. */
const mediaTextRule: ChildRule = {
  attrs: ['end', 'lang', 'start', 'type'],
  check: (s, ctx) => {
    const type = mediaTextType(s, ctx);
    for (const attr of ['start', 'end']) {
      const v = attrValue(s.el, attr);
      if (v && !NPT_RE.test(v)) report(ctx, 'InvalidNPTTime', where(s, { attr, value: v }), s.el.path);
    }
    const lang = attrValue(s.el, 'lang');
    if (lang && !isValidLanguage(lang)) {
      report(ctx, 'InvalidLanguage', { parent: s.parent?.vname, element: 'lang', value: lang }, s.el.path);
    }
    mediaTextContent(s, ctx, type);
  },
};

/** media.py media_category: label is plain text, scheme a full URI, the text plain. */
const mediaCategoryRule: ChildRule = {
  attrs: ['label', 'scheme'],
  check: (s, ctx) => {
    const label = attrValue(s.el, 'label');
    if (label) nonHtmlValue(s.el, s.parent?.vname, 'label', ctx, label, 'ContainsHTML');
    const scheme = attrValue(s.el, 'scheme');
    if (scheme) validateUri(ctx, mediaAttrSite(s, 'scheme'), scheme, 'rfc2396_full', 'InvalidFullLink');
    rejectChildElements(s, ctx);
    nonHtml(s, ctx, textValue(s));
  },
};

/** media.py media_copyright: url a full URI, the text plain. */
const mediaCopyrightRule: ChildRule = {
  attrs: ['url'],
  nodup: 'DuplicateElement',
  check: (s, ctx) => {
    const url = attrValue(s.el, 'url');
    if (url) validateUri(ctx, mediaAttrSite(s, 'url'), url, 'rfc2396_full', 'InvalidFullLink');
    rejectChildElements(s, ctx);
    nonHtml(s, ctx, textValue(s));
  },
};

/**
 * media.py media_credit: with scheme urn:ebu (also when scheme is absent or empty) the role must
 * be one of the EBU roles; any role must be lower case; another scheme must be a full URI.
 */
const mediaCreditRule: ChildRule = {
  attrs: ['role', 'scheme'],
  check: (s, ctx) => {
    const scheme = attrValue(s.el, 'scheme') || 'urn:ebu';
    const role = attrValue(s.el, 'role');
    if (role && ((scheme === 'urn:ebu' && !EBU_ROLES.has(role)) || role !== role.toLowerCase())) {
      report(ctx, 'InvalidCreditRole', where(s, { attr: 'role', value: role }), s.el.path);
    }
    if (scheme !== 'urn:ebu') {
      validateUri(ctx, mediaAttrSite(s, 'scheme'), scheme, 'rfc2396_full', 'InvalidFullLink');
    }
    rejectChildElements(s, ctx);
  },
};

/** media.py media_hash: algo md5 (default) or sha-1; the digest alphanumeric of 32 or 40 characters. */
const mediaHashRule: ChildRule = {
  attrs: ['algo'],
  check: (s, ctx) => {
    const algo = attrValue(s.el, 'algo');
    if (algo && algo !== 'md5' && algo !== 'sha-1') {
      report(ctx, 'InvalidMediaHash', where(s, { attr: 'algo', value: algo }), s.el.path);
    }
    rejectChildElements(s, ctx);
    const value = textValue(s);
    const wanted = algo === 'sha-1' ? 40 : 32;
    if (!/^[0-9A-Za-z]+$/.test(value) || value.length !== wanted) {
      report(ctx, 'InvalidMediaHash', where(s, { value }), s.el.path);
    }
  },
};

/** media.py media_rating: known schemes have fixed values; another scheme must be a full URI. */
const mediaRatingRule: ChildRule = {
  attrs: ['scheme'],
  check: (s, ctx) => {
    rejectChildElements(s, ctx);
    const value = textValue(s);
    const scheme = attrValue(s.el, 'scheme') || 'urn:simple';
    const allowed = MEDIA_RATINGS[scheme];
    if (allowed) {
      if (!allowed.includes(value)) report(ctx, 'InvalidMediaRating', where(s, { scheme, value }), s.el.path);
    } else if (scheme === 'urn:icra') {
      if (!ICRA_RE.test(value)) report(ctx, 'InvalidMediaRating', where(s, { scheme, value }), s.el.path);
    } else {
      validateUri(ctx, mediaAttrSite(s, 'scheme'), scheme, 'rfc2396_full', 'InvalidFullLink');
    }
  },
};

/** media.py media_restriction: relationship allow|deny; type country (ISO 3166 codes) or uri. */
const mediaRestrictionRule: ChildRule = {
  attrs: ['relationship', 'type'],
  check: (s, ctx) => {
    rejectChildElements(s, ctx);
    const value = textValue(s);
    const relationship = attrValue(s.el, 'relationship');
    if (!relationship) {
      report(ctx, 'MissingAttribute', { element: s.vname, attr: 'relationship' }, s.el.path);
    } else if (relationship !== 'allow' && relationship !== 'deny') {
      report(
        ctx,
        'InvalidMediaRestrictionRel',
        where(s, { attr: 'relationship', value: relationship }),
        s.el.path,
      );
    }
    const type = attrValue(s.el, 'type');
    if (!type) {
      if (value && value !== 'all' && value !== 'none') {
        report(ctx, 'InvalidMediaRestriction', where(s, { value }), s.el.path);
      }
    } else if (type === 'country') {
      for (const code of value.toUpperCase().split(' ')) {
        if (!ISO3166_CODES.has(code)) {
          report(
            ctx,
            'InvalidCountryCode',
            { parent: s.parent?.vname, element: 'country', attr: 'country', value: code },
            s.el.path,
          );
        }
      }
    } else if (type === 'uri') {
      validateUri(ctx, { params: where(s), path: s.el.path }, value, 'rfc2396_full', 'InvalidFullLink');
    } else {
      report(ctx, 'InvalidMediaRestrictionType', where(s, { attr: 'type', value: type }), s.el.path);
    }
  },
};

/** media.py media_thumbnail / media_player: url required, height and width positive integers. */
function checkMediaUrlAndSize(s: Scope, ctx: Ctx): void {
  const url = attrValue(s.el, 'url');
  if (url) validateUri(ctx, mediaAttrSite(s, 'url'), url, 'rfc2396_full', 'InvalidFullLink');
  else report(ctx, 'MissingAttribute', { element: s.vname, attr: 'url' }, s.el.path);
  for (const name of ['height', 'width']) {
    const v = attrValue(s.el, name);
    if (v) mediaInteger(s, ctx, name, v, 1);
  }
}

/** media.py media_thumbnail (a text handler: child elements are undefined). */
const mediaThumbnailRule: ChildRule = {
  attrs: ['height', 'time', 'url', 'width'],
  check: (s, ctx) => {
    rejectChildElements(s, ctx);
    const time = attrValue(s.el, 'time');
    if (time && !NPT_RE.test(time)) {
      report(ctx, 'InvalidNPTTime', where(s, { attr: 'time', value: time }), s.el.path);
    }
    checkMediaUrlAndSize(s, ctx);
  },
};

/** media.py media_player (a validatorBase: no children, no text). */
const mediaPlayerRule: ChildRule = {
  attrs: ['height', 'url', 'width'],
  check: (s, ctx) => {
    walkChildren(s, ctx, {});
    checkMediaUrlAndSize(s, ctx);
  },
};

/** media.py media_elements.do_media_adult: deprecated, and a truefalse() value (not trimmed). */
const mediaAdultRule: ChildRule = {
  nodup: 'DuplicateElement',
  before: (child, parent, ctx) =>
    report(ctx, 'DeprecatedMediaAdult', { parent: parent.vname, element: 'media:adult' }, child.path),
  check: (s, ctx) => {
    rejectChildElements(s, ctx);
    const raw = rawText(s.el);
    if (!['true', 'false'].includes(raw.toLowerCase())) {
      report(ctx, 'InvalidTrueFalse', where(s, { value: raw }), s.el.path);
    }
  },
};

/** media.py media_elements: allowed in channel, item, entry, feed, media:group and media:content. */
function mediaElements(): Table {
  return {
    media_adult: mediaAdultRule,
    media_category: mediaCategoryRule,
    media_copyright: mediaCopyrightRule,
    media_credit: mediaCreditRule,
    media_description: mediaTitleRule(),
    media_keywords: textRule([]),
    media_hash: mediaHashRule,
    media_player: mediaPlayerRule,
    media_rating: mediaRatingRule,
    media_restriction: mediaRestrictionRule,
    media_text: mediaTextRule,
    media_title: mediaTitleRule(),
    media_thumbnail: mediaThumbnailRule,
  };
}

/**
 * media.py media_content.validate. No attribute is required. Like the validator, the name used in
 * findings follows its `self.name = ...` reassignments (so a bad type reads "type attribute of
 * height"), which only changes message text.
 */
function checkMediaContentAttrs(s: Scope, ctx: Ctx): void {
  let name = s.vname;
  const get = (attr: string): string | undefined => attrValue(s.el, attr) || undefined;
  const float = (attr: string): void => {
    const v = get(attr);
    if (v && !MEDIA_FLOAT_RE.test(v)) {
      report(ctx, 'InvalidFloat', { parent: s.parent?.vname, element: name, attr, value: v }, s.el.path);
    }
  };
  const integer = (attr: string, min: 0 | 1): void => {
    name = attr;
    const v = get(attr);
    if (v) mediaInteger(s, ctx, attr, v, min);
  };
  float('bitrate');
  integer('channels', 0);
  float('duration');
  const expression = get('expression');
  if (expression && !['sample', 'full', 'nonstop'].includes(expression)) {
    report(
      ctx,
      'InvalidMediaExpression',
      { parent: s.parent?.vname, element: name, value: expression },
      s.el.path,
    );
  }
  integer('fileSize', 1);
  float('framerate');
  integer('height', 1);
  const isDefault = get('isDefault');
  if (isDefault && !['true', 'false'].includes(isDefault.toLowerCase())) {
    report(ctx, 'InvalidTrueFalse', { parent: s.parent?.vname, element: name, value: isDefault }, s.el.path);
  }
  const lang = get('lang');
  if (lang && !isValidLanguage(lang)) {
    report(ctx, 'InvalidLanguage', { parent: s.parent?.vname, element: 'lang', value: lang }, s.el.path);
  }
  const medium = get('medium');
  if (medium && !['image', 'audio', 'video', 'document', 'executable'].includes(medium)) {
    report(ctx, 'InvalidMediaMedium', { parent: s.parent?.vname, element: name, value: medium }, s.el.path);
  }
  float('samplingrate');
  const type = get('type');
  if (type && !MIME_RE.test(type)) {
    report(ctx, 'InvalidMIMEAttribute', { parent: s.parent?.vname, element: name, attr: 'type' }, s.el.path);
  }
  const url = get('url');
  if (url) validateUri(ctx, mediaAttrSite(s, 'url'), url, 'rfc2396_full', 'InvalidFullLink');
  integer('width', 1);
}

/** media.py media_content(validatorBase, media_elements, extension_everywhere) */
function mediaContentRule(): ChildRule {
  return {
    attrs: MEDIA_CONTENT_ATTRS,
    check: (s, ctx) => {
      walkChildren(s, ctx, { ...extensionEverywhere(false), ...mediaElements() });
      checkMediaContentAttrs(s, ctx);
    },
  };
}

/** media.py media_group(validatorBase, media_elements): at least two media:content alternatives. */
function mediaGroupRule(): ChildRule {
  return {
    check: (s, ctx) => {
      walkChildren(s, ctx, { ...mediaElements(), media_content: mediaContentRule() });
      if (s.children.filter((c) => c === 'media_content').length < 2) {
        report(ctx, 'MediaGroupWithoutAlternatives', {}, s.el.path);
      }
    },
  };
}

// ---------------------------------------------------------------------------
// Extension vocabularies (extension.py)
// ---------------------------------------------------------------------------

type SemanticsCheck = (core: string, ext: string) => ChildRule['before'];

/** channel.py / extension.py: core and extension elements with the same meaning. */
function semantics(rule: RuleName, present: string): SemanticsCheck {
  return (core, ext) => (_child, parent, ctx) => {
    if (parent.children.includes(present)) report(ctx, rule, { core, ext }, parent.el.path);
  };
}

/** extension.py extension_everywhere: Dublin Core and DC terms. */
function extensionEverywhere(itemLevel: boolean): Table {
  const sem = itemLevel ? 'DuplicateItemSemantics' : 'DuplicateSemantics';
  const nodup = { nodup: 'DuplicateElement' } as const;
  const dcterms: Table = {};
  for (const name of (
    'alternative valid available isVersionOf hasVersion isReplacedBy replaces isRequiredBy requires isPartOf ' +
    'hasPart isReferencedBy references isFormatOf hasFormat conformsTo spatial temporal audience accessRights ' +
    'accrualMethod accrualPeriodicity accrualPolicy bibliographicCitation educationLevel instructionalMethod ' +
    'license provenance rightsHolder'
  ).split(' ')) {
    dcterms[`dcterms_${name}`] = EAT;
  }
  for (const name of 'abstract tableOfContents dateAccepted dateCopyrighted dateSubmitted mediator'.split(
    ' ',
  )) {
    dcterms[`dcterms_${name}`] = { ...EAT, ...nodup };
  }
  return {
    dc_title: textRule([], nodup),
    dc_description: textRule([], nodup),
    dc_publisher: textRule([], {
      before: semantics('DuplicateSemantics', 'webMaster')('webMaster', 'dc:publisher'),
    }),
    dc_contributor: textRule([]),
    dc_type: textRule([], nodup),
    dc_format: textRule([], nodup),
    dc_identifier: textRule([]),
    dc_source: textRule([], {
      ...nodup,
      before: semantics('DuplicateItemSemantics', 'source')('source', 'dc:source'),
    }),
    dc_language: textRule([iso639], {
      ...nodup,
      before: semantics(sem, 'language')('language', 'dc:language'),
    }),
    dc_relation: textRule([]),
    dc_coverage: textRule([]),
    dc_rights: textRule([nonHtml], {
      ...nodup,
      before: semantics(sem, 'copyright')('copyright', 'dc:rights'),
    }),
    ...dcterms,
    dcterms_created: textRule([w3cdtfDate], nodup),
    dcterms_issued: textRule([w3cdtfDate], nodup),
    dcterms_modified: textRule([w3cdtfDate], {
      ...nodup,
      before: semantics(sem, 'lastBuildDate')('lastBuildDate', 'dcterms:modified'),
    }),
    dcterms_extent: textRule([positiveInteger, nonBlank()], nodup),
  };
}

/** extension.py extension_item (+ item.py extras shared by RSS items and Atom entries). */
function extensionItem(): Table {
  const nodup = { nodup: 'DuplicateElement' } as const;
  return {
    ...extensionEverywhere(true),
    // extension.py extension_channel_item (media_elements) and extension_item (media:group, media:content)
    ...mediaElements(),
    media_group: mediaGroupRule(),
    media_content: mediaContentRule(),
    slash_comments: textRule([nonNegativeInteger], nodup),
    slash_section: textRule([]),
    slash_department: textRule([]),
    slash_hit_parade: textRule([commaSeparatedIntegers], nodup),
    wfw_comment: textRule([fullUri], nodup),
    wfw_commentRss: textRule([fullUri], nodup),
    wfw_commentRSS: textRule([fullUri], {
      ...nodup,
      before: (child, _parent, ctx) => report(ctx, 'CommentRSS', {}, child.path),
    }),
    thr_total: textRule([nonNegativeInteger], nodup),
    thr_in_reply_to: { attrs: ['href', 'ref', 'source', 'type'], check: (s, ctx) => eat(s.el, ctx, s.vname) },
    thr_children: {
      attrs: 'any',
      before: (child, parent, ctx) =>
        report(ctx, 'UndefinedElement', { parent: parent.vname, element: 'thr:children' }, child.path),
      check: (s, ctx) => eat(s.el, ctx, s.vname),
    },
  };
}

/** extension.py extension_channel (+ extension_everywhere). */
function extensionChannel(): Table {
  const nodup = { nodup: 'DuplicateElement' } as const;
  return {
    ...extensionEverywhere(false),
    // extension.py extension_channel_item: media_elements, but not media:group or media:content
    ...mediaElements(),
    sy_updatePeriod: textRule([updatePeriod], nodup),
    sy_updateFrequency: textRule([positiveInteger, nonBlank()], nodup),
    sy_updateBase: textRule([w3cdtfDate], nodup),
    admin_generatorAgent: {
      ...EAT,
      ...nodup,
      before: semantics('DuplicateSemantics', 'generator')('generator', 'admin:generatorAgent'),
    },
    admin_errorReportsTo: { ...EAT, ...nodup },
    fh_archive: { ...EAT },
    fh_complete: { ...EAT },
    xhtml_div: EAT,
    xhtml_meta: { attrs: ['name', 'content'], check: (s, ctx) => eat(s.el, ctx, s.vname) },
    creativeCommons_license: textRule([fullUri]),
    cc_license: EAT,
  };
}

// ---------------------------------------------------------------------------
// RSS 2.0 (rss.py, channel.py, item.py, image.py, skipHours.py, skipDays.py)
// ---------------------------------------------------------------------------

interface ChannelState {
  link: string | undefined;
  title: string | undefined;
  docs: string;
  atomLinks: AtomLinkInfo[];
  /** rss20Channel.itemlocs: items not yet followed by channel metadata */
  pendingItems: string[];
  guids: string[];
  atomIds: string[];
}

/** channel.py rss20Channel.metadata: channel elements after items earn MisplacedItem. */
function metadata(st: ChannelState): ChildRule['before'] {
  return (_child, _parent, ctx) => {
    for (const path of st.pendingItems)
      report(ctx, 'MisplacedItem', { parent: 'channel', element: 'item' }, path);
    st.pendingItems = [];
  };
}

function both(...fns: Array<ChildRule['before']>): ChildRule['before'] {
  return (child, parent, ctx) => {
    for (const fn of fns) fn?.(child, parent, ctx);
  };
}

/** item.py enclosure.prevalidate */
const enclosureRule: ChildRule = {
  attrs: ['url', 'length', 'type'],
  nodup: 'DuplicateEnclosure',
  check: (s, ctx) => {
    const el = s.el;
    const length = attrValue(el, 'length');
    if (length === undefined) report(ctx, 'MissingAttribute', { element: s.vname, attr: 'length' }, el.path);
    else {
      const n = pyInt(length);
      if (n === undefined) report(ctx, 'InvalidIntegerAttribute', where(s, { attr: 'length' }), el.path);
      else if (n === -1) report(ctx, 'UseZeroForUnknown', where(s), el.path);
      else if (n < 0) report(ctx, 'InvalidNonNegativeInteger', where(s, { element: 'length' }), el.path);
    }
    const type = attrValue(el, 'type');
    if (type === undefined) report(ctx, 'MissingAttribute', { element: s.vname, attr: 'type' }, el.path);
    else if (!MIME_RE.test(type)) report(ctx, 'InvalidMIMEAttribute', where(s, { attr: 'type' }), el.path);
    const url = attrValue(el, 'url');
    if (url === undefined) report(ctx, 'MissingAttribute', { element: s.vname, attr: 'url' }, el.path);
    else if (!HTTP_URL_RE.test(url) || !RFC2396_FULL_RE.test(url)) {
      report(ctx, 'InvalidURLAttribute', { parent: s.vname, element: 'url', value: url }, el.path);
    }
    walkChildren(s, ctx, {});
  },
};

/** item.py guid.validate: permalinks must be full URLs that are not tag:/urn:uuid:. */
function guidCheck(): ValueCheck {
  return (s, ctx, value) => {
    const isPermaLinkAttr = attrValue(s.el, 'isPermaLink');
    if (isPermaLinkAttr !== undefined && !['true', 'false'].includes(isPermaLinkAttr)) {
      report(ctx, 'InvalidBooleanAttribute', where(s, { attr: 'isPermaLink' }), s.el.path);
    }
    const isPermaLink = isPermaLinkAttr === undefined || isPermaLinkAttr === 'true';
    if (isPermaLink) {
      if (!validateUri(ctx, { params: where(s), path: s.el.path }, value, 'rfc2396_full', 'InvalidHttpGUID'))
        return;
      const lu = value.toLowerCase();
      if (lu.startsWith('tag:') || lu.startsWith('urn:uuid:'))
        report(ctx, 'InvalidPermalink', where(s), s.el.path);
    } else if (value.length < 9 && /^\d+$/.test(value)) {
      report(ctx, 'NotSufficientlyUnique', where(s, { value }), s.el.path);
    }
  };
}

/** item.py source: plain text with a required, absolute url attribute. */
const sourceRule: ChildRule = {
  attrs: ['url'],
  nodup: 'DuplicateElement',
  before: semantics('DuplicateItemSemantics', 'dc_source')('source', 'dc:source'),
  check: (s, ctx) => {
    const url = attrValue(s.el, 'url');
    if (url === undefined) report(ctx, 'MissingAttribute', { element: s.vname, attr: 'url' }, s.el.path);
    else
      validateUri(
        ctx,
        { params: { parent: s.vname, element: 'url' }, path: s.el.path },
        url,
        'rfc2396_full',
        'InvalidFullLink',
      );
    rejectChildElements(s, ctx);
    nonHtml(s, ctx, textValue(s));
  },
};

function itemTable(st: ChannelState, item: { hasDescription: () => boolean }): Table {
  const nodup = { nodup: 'DuplicateElement' } as const;
  const itemSem = (present: string, core: string, ext: string): ChildRule['before'] =>
    semantics('DuplicateItemSemantics', present)(core, ext);
  return {
    ...extensionItem(),
    link: textRule([fullUri], nodup),
    title: textRule([nonHtml, nonBlank()], nodup),
    description: textRule(
      [(s, ctx, v) => (ctx.rssVersion === '0.91' ? nonHtml : safeHtml)(s, ctx, v)],
      nodup,
    ),
    content_encoded: textRule([safeHtml], {
      ...nodup,
      before: (child, _parent, ctx) => {
        if (!item.hasDescription()) report(ctx, 'NeedDescriptionBeforeContent', {}, child.path);
      },
    }),
    content_items: { ...EAT, ...nodup },
    xhtml_body: {
      attrs: 'any',
      before: (child, _p, ctx) =>
        report(ctx, 'DuplicateDescriptionSemantics', { element: 'xhtml:body' }, child.path),
      check: (s, ctx) => eat(s.el, ctx, s.vname),
    },
    atom_id: textRule([fullUri, unique(() => st.atomIds, 'DuplicateValue')], {
      ...nodup,
      before: itemSem('guid', 'guid', 'atom:id'),
    }),
    atom_link: atomLinkRule(undefined),
    atom_title: textConstructRule(true, nodup),
    atom_summary: textConstructRule(false, nodup),
    atom_author: { ...atomAuthorRule, ...nodup },
    atom_contributor: atomAuthorRule,
    atom_content: textConstructRule(true),
    atom_published: textRule([rfc3339Date], nodup),
    atom_updated: textRule([rfc3339Date], nodup),
    dc_creator: textRule([], { before: itemSem('author', 'author', 'dc:creator') }),
    dc_subject: textRule([], { before: itemSem('category', 'category', 'dc:subject') }),
    dc_date: textRule([w3cdtfDate], { before: itemSem('pubDate', 'pubDate', 'dc:date') }),
    cc_license: {
      ...EAT,
      before: itemSem('creativeCommons_license', 'creativeCommons:license', 'cc:license'),
    },
    creativeCommons_license: textRule([fullUri], {
      before: itemSem('cc_license', 'creativeCommons:license', 'cc:license'),
    }),
    comments: textRule([fullUri], nodup),
    enclosure: enclosureRule,
    pubDate: textRule([rfc822Date], {
      ...nodup,
      before: both(
        itemSem('dc_date', 'pubDate', 'dc:date'),
        itemSem('atom_published', 'pubDate', 'atom:published'),
      ),
    }),
    author: textRule([emailWithName], { ...nodup, before: itemSem('dc_creator', 'author', 'dc:creator') }),
    category: textRule([nonHtml, nonBlank()], {
      attrs: ['domain'],
      before: itemSem('dc_subject', 'category', 'dc:subject'),
    }),
    guid: textRule([guidCheck(), unique(() => st.guids, 'DuplicateValue')], {
      attrs: ['isPermaLink'],
      ...nodup,
      before: itemSem('atom_id', 'guid', 'atom:id'),
    }),
    source: sourceRule,
    trackback_ping: textRule([fullUri], nodup),
    trackback_about: textRule([fullUri]),
  };
}

/** item.py rss20Item: children, then item.validate. */
function checkItem(s: Scope, ctx: Ctx, st: ChannelState): void {
  walkChildren(s, ctx, itemTable(st, { hasDescription: () => s.children.includes('description') }));
  if (!s.children.includes('title') && !s.children.includes('description')) {
    report(ctx, 'ItemMustContainTitleOrDescription', {}, s.el.path);
  }
  if (!s.children.includes('guid') && ctx.rssVersion.startsWith('2.')) {
    report(ctx, 'MissingGuid', { parent: 'item', element: 'guid' }, s.el.path);
  }
  if (s.children.includes('slash_comments') && !s.parent?.children.includes('lastBuildDate')) {
    report(ctx, 'SlashDate', {}, s.el.path);
  }
}

/** image.py image */
function imageRule(st: ChannelState): ChildRule {
  const nodup = { nodup: 'DuplicateElement' } as const;
  const imageTitle: ValueCheck = (s, ctx, value) => {
    if (!value) report(ctx, 'NotBlank', where(s), s.el.path);
    else nonHtml(s, ctx, value);
    if (st.title && st.title !== value) report(ctx, 'ImageTitleDoesntMatch', where(s), s.el.path);
  };
  const imageLink: ValueCheck = (s, ctx, value) => {
    fullUri(s, ctx, value);
    if (st.link && st.link !== value) report(ctx, 'ImageLinkDoesntMatch', where(s), s.el.path);
  };
  const imageUrl: ValueCheck = (s, ctx, value) => {
    fullUri(s, ctx, value);
    const ext = (value.split('.').pop() ?? '').toLowerCase();
    if (/^\w+$/.test(ext) && !['jpg', 'jpeg', 'gif', 'png'].includes(ext)) {
      report(ctx, 'ImageUrlFormat', where(s), s.el.path);
    }
  };
  const bounded =
    (max: number, rule: RuleName): ValueCheck =>
    (s, ctx, value) => {
      const n = pyInt(value);
      if (n === undefined || n <= 0 || n > max) report(ctx, rule, where(s, { value }), s.el.path);
    };
  return {
    attrs: [`{${RDF_NS}}resource`, `{${RDF_NS}}about`, `{${RDF_NS}}parseType`],
    ...nodup,
    before: metadata(st),
    check: (s, ctx) => {
      walkChildren(s, ctx, {
        ...extensionEverywhere(false),
        title: textRule([imageTitle], nodup),
        link: textRule([imageLink], nodup),
        url: textRule([imageUrl], nodup),
        width: textRule([bounded(144, 'InvalidWidth')], nodup),
        height: textRule([bounded(400, 'InvalidHeight')], nodup),
        description: textRule([nonHtml], nodup),
        dc_creator: textRule([]),
        dc_subject: textRule([]),
        dc_date: textRule([w3cdtfDate], nodup),
        cc_license: EAT,
      });
      if (!s.children.includes('title'))
        report(ctx, 'MissingTitle', { parent: s.vname, element: 'title' }, s.el.path);
      if (!s.children.includes('url'))
        report(ctx, 'MissingElement', { parent: s.vname, element: 'url' }, s.el.path);
      if (!s.children.includes('link'))
        report(ctx, 'MissingLink', { parent: s.vname, element: 'link' }, s.el.path);
    },
  };
}

/** skipHours.py skipHours / hour */
function skipHoursRule(st: ChannelState): ChildRule {
  return {
    before: metadata(st),
    check: (s, ctx) => {
      const hours: number[] = [];
      const hour: ValueCheck = (hs, hctx, value) => {
        const h = pyInt(value);
        if (h !== undefined && (hours.includes(h) || ((h === 0 || h === 24) && hours.includes(24 - h)))) {
          report(hctx, 'DuplicateValue', where(hs, { value }), hs.el.path);
        }
        if (h !== undefined && h >= 0 && h <= 23) hours.push(h);
        else if (value === '24') report(hctx, 'UseZeroForMidnight', where(hs, { value }), hs.el.path);
        else report(hctx, 'InvalidHour', where(hs, { value }), hs.el.path);
      };
      walkChildren(s, ctx, { hour: textRule([hour]) });
      if (!s.children.includes('hour'))
        report(ctx, 'MissingElement', { parent: s.vname, element: 'hour' }, s.el.path);
      if (s.children.length > 24) report(ctx, 'NotEnoughHoursInTheDay', {}, s.el.path);
    },
  };
}

/** skipDays.py skipDays / day */
function skipDaysRule(st: ChannelState): ChildRule {
  return {
    before: metadata(st),
    check: (s, ctx) => {
      const days: string[] = [];
      const day: ValueCheck = (ds, dctx, value) => {
        if (!['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].includes(value)) {
          report(dctx, 'InvalidDay', where(ds, { value }), ds.el.path);
        } else if (days.includes(value)) report(dctx, 'DuplicateValue', where(ds, { value }), ds.el.path);
        else days.push(value);
      };
      walkChildren(s, ctx, { day: textRule([day]) });
      if (!s.children.includes('day'))
        report(ctx, 'MissingElement', { parent: s.vname, element: 'day' }, s.el.path);
      if (s.children.length > 7) report(ctx, 'EightDaysAWeek', {}, s.el.path);
    },
  };
}

/** channel.py cloud.prevalidate */
function cloudRule(st: ChannelState): ChildRule {
  return {
    attrs: ['domain', 'path', 'registerProcedure', 'protocol', 'port'],
    nodup: 'DuplicateElement',
    before: metadata(st),
    check: (s, ctx) => {
      for (const name of ['domain', 'port', 'path', 'registerProcedure', 'protocol']) {
        const v = attrValue(s.el, name);
        if (v === undefined) report(ctx, 'MissingAttribute', { element: s.vname, attr: name }, s.el.path);
        else if (name === 'port' && (pyInt(v) ?? 0) <= 0) {
          report(ctx, 'InvalidIntegerAttribute', where(s, { attr: 'port' }), s.el.path);
        }
      }
      walkChildren(s, ctx, {});
    },
  };
}

function channelTable(st: ChannelState): Table {
  const meta = metadata(st);
  const nodup = { nodup: 'DuplicateElement' } as const;
  const chanSem = (present: string, core: string, ext: string): ChildRule['before'] =>
    semantics('DuplicateSemantics', present)(core, ext);
  const remember =
    (key: 'link' | 'title' | 'docs'): ValueCheck =>
    (_s, _ctx, value) => {
      st[key] = value;
    };
  return {
    ...extensionChannel(),
    image: imageRule(st),
    textInput: {
      ...EAT,
      ...nodup,
      before: both(meta, (child, _p, ctx) => report(ctx, 'AvoidTextInput', {}, child.path)),
    },
    textinput: {
      ...EAT,
      ...nodup,
      before: both(meta, (child, parent, ctx) =>
        report(ctx, 'UndefinedElement', { parent: parent.vname, element: 'textinput' }, child.path),
      ),
    },
    link: textRule([fullUri, remember('link')], { ...nodup, before: meta }),
    title: textRule([nonHtml, nonBlank(), remember('title')], { ...nodup, before: meta }),
    description: textRule([nonHtml], { ...nodup, before: meta }),
    blink: textRule([(s, ctx) => report(ctx, 'NoBlink', where(s), s.el.path)], nodup),
    atom_author: atomAuthorRule,
    atom_category: atomCategoryRule,
    atom_contributor: atomAuthorRule,
    atom_generator: atomGeneratorRule,
    atom_id: textRule([fullUri], nodup),
    atom_icon: textRule([nonBlank(), anyUri], nodup),
    atom_link: atomLinkRule(st.atomLinks, meta),
    atom_logo: textRule([nonBlank(), anyUri], nodup),
    atom_title: textConstructRule(false, nodup),
    atom_subtitle: textConstructRule(false, nodup),
    atom_rights: textConstructRule(false, nodup),
    atom_updated: textRule([rfc3339Date], nodup),
    dc_creator: textRule([], { before: chanSem('managingEditor', 'managingEditor', 'dc:creator') }),
    dc_subject: textRule([], { before: chanSem('category', 'category', 'dc:subject') }),
    dc_date: textRule([w3cdtfDate], { ...nodup, before: chanSem('pubDate', 'pubDate', 'dc:date') }),
    item: {
      before: (child) => {
        st.pendingItems.push(child.path);
      },
      check: (s, ctx) => checkItem(s, ctx, st),
    },
    category: textRule([nonHtml], { attrs: ['domain'], before: meta }),
    cloud: cloudRule(st),
    rating: textRule([]),
    ttl: textRule([positiveInteger, nonBlank()], { ...nodup, before: meta }),
    docs: textRule([fullUri, remember('docs')], { ...nodup, before: meta }),
    generator: textRule([], {
      ...nodup,
      before: both(meta, chanSem('admin_generatorAgent', 'generator', 'admin:generatorAgent')),
    }),
    pubDate: textRule([rfc822Date], {
      ...nodup,
      before: both(meta, chanSem('dc_date', 'pubDate', 'dc:date')),
    }),
    managingEditor: textRule([emailWithName], {
      ...nodup,
      before: both(meta, chanSem('dc_creator', 'managingEditor', 'dc:creator')),
    }),
    webMaster: textRule([emailWithName], {
      ...nodup,
      before: both(meta, chanSem('dc_publisher', 'webMaster', 'dc:publisher')),
    }),
    language: textRule([iso639], {
      ...nodup,
      before: both(meta, chanSem('dc_language', 'language', 'dc:language')),
    }),
    copyright: textRule([nonHtml], {
      ...nodup,
      before: both(meta, chanSem('dc_rights', 'copyright', 'dc:rights')),
    }),
    lastBuildDate: textRule([rfc822Date], {
      ...nodup,
      before: both(meta, chanSem('dcterms_modified', 'lastBuildDate', 'dcterms:modified')),
    }),
    skipHours: skipHoursRule(st),
    skipDays: skipDaysRule(st),
  };
}

/** channel.py channel.validate */
function checkChannel(s: Scope, ctx: Ctx): void {
  const st: ChannelState = {
    link: undefined,
    title: undefined,
    docs: '',
    atomLinks: [],
    pendingItems: [],
    guids: [],
    atomIds: [],
  };
  const findingsBefore = ctx.findings.length;
  walkChildren(s, ctx, channelTable(st));
  const missing: Array<[RuleName, string]> = [
    ['MissingDescription', 'description'],
    ['MissingLink', 'link'],
    ['MissingTitle', 'title'],
  ];
  for (const [rule, element] of missing) {
    if (!s.children.includes(element)) report(ctx, rule, { parent: 'channel', element }, s.el.path);
  }
  for (const element of ['image', 'textInput', 'skipHours', 'skipDays']) {
    if (s.children.filter((c) => c === element).length > 1) {
      report(ctx, 'DuplicateElement', { parent: 'channel', element }, s.el.path);
    }
  }
  if (ctx.rssVersion === '2.0' && !st.atomLinks.some((l) => l.rel === 'self')) {
    report(ctx, 'MissingAtomSelfLink', {}, s.el.path);
  }
  // channel.py: RSS Board compliant feeds (docs points at the spec) may use extension attributes.
  if (st.docs === RSSBOARD_DOCS) dropFindings(ctx, 'UseOfExtensionAttr', findingsBefore);
}

function dropFindings(ctx: Ctx, rule: RuleName, from = 0): void {
  const kept = ctx.findings.filter((f, i) => i < from || f.rule !== rule);
  ctx.findings.splice(0, ctx.findings.length, ...kept);
}

/** rss.py rss */
function checkRss(root: XmlElement, ctx: Ctx): void {
  const s = childScope(root, 'rss', undefined);
  checkAttributes(root, ['version'], ctx);
  const version = attrValue(root, 'version');
  if (version === undefined) {
    report(ctx, 'MissingAttribute', { element: 'rss', attr: 'version' }, root.path);
  } else {
    ctx.rssVersion = version;
    if (!['0.91', '0.92', '2.0'].includes(version)) {
      report(ctx, 'InvalidRSSVersion', { element: 'rss', value: version }, root.path);
    }
  }
  walkChildren(s, ctx, {
    channel: {
      nodup: 'DuplicateElement',
      attrs: [`{${INDEXING_NS}}index`],
      check: (cs, c) => checkChannel(cs, c),
    },
  });
  if (!s.children.includes('channel'))
    report(ctx, 'MissingElement', { parent: 'rss', element: 'channel' }, root.path);
}

// ---------------------------------------------------------------------------
// Atom 1.0 (feed.py, entry.py)
// ---------------------------------------------------------------------------

interface FeedState {
  links: AtomLinkInfo[];
  ids: string[];
  updateds: string[];
  duplicateEntries: number;
  metadataValidated: boolean;
}

/** feed.py feed.metadata: feed-level elements must precede entries. */
function feedMetadata(): ChildRule['before'] {
  return (child, parent, ctx) => {
    if (parent.children.includes('entry')) {
      report(ctx, 'MisplacedMetadata', { parent: parent.vname, element: child.local }, child.path);
    }
  };
}

/** feed.py/entry.py: only one alternate link per (type, hreflang). */
function checkDuplicateAlternates(s: Scope, ctx: Ctx, links: AtomLinkInfo[]): void {
  const seen = new Set<string>();
  for (const link of links) {
    if (link.rel !== 'alternate') continue;
    const key = `${link.type}\u0000${link.hreflang}`;
    if (seen.has(key)) {
      report(ctx, 'DuplicateAtomLink', { parent: s.vname, element: 'link', type: link.type }, s.el.path);
    }
    seen.add(key);
  }
}

/** feed.py feed.validate_metadata */
function validateFeedMetadata(s: Scope, ctx: Ctx, st: FeedState): void {
  st.metadataValidated = true;
  for (const element of ['title', 'id', 'updated']) {
    if (!s.children.includes(element)) report(ctx, 'MissingElement', { parent: s.vname, element }, s.el.path);
  }
  if (!st.links.some((l) => l.rel === 'self'))
    report(ctx, 'MissingSelf', { parent: 'root', element: 'feed' }, s.el.path);
  checkDuplicateAlternates(s, ctx, st.links);
  checkFeedHistory(s, ctx, st.links);
}

/**
 * feed.py validate_metadata: RFC 5005 paging and archive checks. They run with the rest of the
 * feed metadata (at the first entry), compare the raw `href` with the self URIs, and only
 * fh:complete and fh:archive seen by then count.
 */
function checkFeedHistory(s: Scope, ctx: Ctx, links: AtomLinkInfo[]): void {
  const complete = s.children.includes('fh_complete');
  if (complete) {
    for (const link of links) {
      if (!RFC5005_RELATIONS.has(link.rel)) continue;
      if (link.rel !== 'current') report(ctx, 'FeedRelInCompleteFeed', { rel: link.rel }, s.el.path);
      else if (!ctx.selfUris.includes(link.href)) {
        report(ctx, 'CurrentNotSelfInCompleteFeed', { rel: link.rel }, s.el.path);
      }
    }
  }
  // "attempts to link past the end of the list"
  const pastEnd: ReadonlyArray<readonly [string, string]> = [
    ['first', 'previous'],
    ['last', 'next'],
  ];
  for (const [end, beyond] of pastEnd) {
    if (!links.some((l) => l.rel === end && ctx.selfUris.includes(l.href))) continue;
    if (links.some((l) => l.rel === beyond))
      report(ctx, 'LinkPastEnd', { self: end, rel: beyond }, s.el.path);
  }
  if (s.children.includes('fh_archive') && !complete) {
    if (!links.some((l) => l.rel === 'prev-archive' || l.rel === 'next-archive')) {
      report(ctx, 'ArchiveIncomplete', {}, s.el.path);
    }
    if (!links.some((l) => l.rel === 'current')) report(ctx, 'MissingCurrentInArchive', {}, s.el.path);
  }
}

interface EntryState {
  links: AtomLinkInfo[];
  content: TextConstructInfo | undefined;
}

function entryTable(feed: FeedState, entry: EntryState): Table {
  const nodup = { nodup: 'DuplicateElement' } as const;
  return {
    ...extensionItem(),
    author: atomAuthorRule,
    category: atomCategoryRule,
    content: {
      attrs: ['type', 'src'],
      ...nodup,
      check: (s, ctx) => {
        entry.content = checkTextConstruct(s, ctx, true);
      },
    },
    contributor: atomAuthorRule,
    id: textRule([canonicalUri, noWhitespace, unique(() => feed.ids, 'DuplicateEntries')], nodup),
    link: atomLinkRule(entry.links),
    published: textRule([rfc3339Date, noWhitespace], nodup),
    source: {
      ...EAT,
      ...nodup,
      before: (child, parent) => {
        // entry.py source.do_author: an author in atom:source counts for the entry
        if (elementChildren(child).some((c) => c.uri === ATOM_NS && c.local === 'author')) {
          parent.children.push('author');
        }
      },
    },
    rights: textConstructRule(false, nodup),
    summary: textConstructRule(false, nodup),
    title: textConstructRule(false, nodup),
    updated: textRule([rfc3339Date, noWhitespace, unique(() => feed.updateds, 'DuplicateUpdated')], nodup),
    app_edited: textRule([rfc3339Date, noWhitespace], nodup),
    app_control: { ...EAT, ...nodup },
    dc_creator: textRule([]),
    dc_subject: textRule([]),
    dc_date: textRule([w3cdtfDate], nodup),
    creativeCommons_license: textRule([fullUri]),
    trackback_ping: textRule([fullUri], nodup),
    trackback_about: textRule([fullUri]),
  };
}

/** entry.py entry.validate */
function checkEntry(s: Scope, ctx: Ctx, feed: FeedState): void {
  const st: EntryState = { links: [], content: undefined };
  const dupBefore = ctx.findings.filter((f) => f.rule === 'DuplicateEntries').length;
  walkChildren(s, ctx, entryTable(feed, st));
  feed.duplicateEntries += ctx.findings.filter((f) => f.rule === 'DuplicateEntries').length - dupBefore;
  for (const element of ['title', 'id', 'updated']) {
    if (!s.children.includes(element)) report(ctx, 'MissingElement', { parent: 'entry', element }, s.el.path);
  }
  if (!s.children.includes('author') && !s.parent?.children.includes('author')) {
    report(ctx, 'MissingElement', { parent: 'entry', element: 'author' }, s.el.path);
  }
  checkEntryContent(s, ctx, st);
  checkDuplicateAlternates(s, ctx, st.links);
}

/** entry.py: summaries are required for non-textual or out-of-line content. */
function checkEntryContent(s: Scope, ctx: Ctx, st: EntryState): void {
  const hasSummary = s.children.includes('summary');
  if (st.content) {
    if (hasSummary) return;
    const t = st.content.type;
    const nonTextual =
      t.includes('/') && !(t.endsWith('+xml') || t.endsWith('/xml') || t.startsWith('text/'));
    if (st.content.hasSrc || nonTextual)
      report(ctx, 'MissingSummary', { parent: 'feed', element: 'entry' }, s.el.path);
    return;
  }
  if (!hasSummary) report(ctx, 'MissingTextualContent', { parent: 'feed', element: 'entry' }, s.el.path);
  if (!st.links.some((l) => l.rel === 'alternate')) {
    report(ctx, 'MissingContentOrAlternate', { parent: 'feed', element: 'entry' }, s.el.path);
  }
}

function feedTable(st: FeedState): Table {
  const meta = feedMetadata();
  const nodup = { nodup: 'DuplicateElement' } as const;
  return {
    ...extensionChannel(),
    author: { ...atomAuthorRule, before: meta },
    category: { ...atomCategoryRule, before: meta },
    contributor: { ...atomAuthorRule, before: meta },
    generator: { ...atomGeneratorRule, before: meta },
    id: textRule([canonicalUri, noWhitespace], { ...nodup, before: meta }),
    icon: textRule([nonBlank(), noWhitespace, anyUri], { ...nodup, before: meta }),
    logo: textRule([nonBlank(), noWhitespace, anyUri], { ...nodup, before: meta }),
    link: atomLinkRule(st.links, meta),
    title: textConstructRule(false, { ...nodup, before: meta }),
    subtitle: textConstructRule(false, { ...nodup, before: meta }),
    rights: textConstructRule(false, { ...nodup, before: meta }),
    updated: textRule([rfc3339Date, noWhitespace], { ...nodup, before: meta }),
    entry: {
      attrs: [`{${RDF_NS}}parseType`],
      before: (_child, parent, ctx) => {
        if (!st.metadataValidated) validateFeedMetadata(parent, ctx, st);
      },
      check: (s, ctx) => checkEntry(s, ctx, st),
    },
    app_collection: { ...EAT, ...nodup },
    dc_creator: textRule([]),
    dc_subject: textRule([]),
    dc_date: textRule([w3cdtfDate], nodup),
    creativeCommons_license: textRule([fullUri]),
  };
}

/** feed.py feed.validate */
function checkAtomFeed(root: XmlElement, ctx: Ctx): void {
  const s = childScope(root, 'feed', undefined);
  checkAttributes(root, [`{${INDEXING_NS}}index`], ctx);
  const st: FeedState = { links: [], ids: [], updateds: [], duplicateEntries: 0, metadataValidated: false };
  walkChildren(s, ctx, feedTable(st));
  const entries = s.children.filter((c) => c === 'entry').length;
  if (entries > 9 && entries === st.duplicateEntries + 1) {
    report(ctx, 'DuplicateIds', {}, root.path);
    dropFindings(ctx, 'DuplicateEntries');
  }
  if (!st.metadataValidated) validateFeedMetadata(s, ctx, st);
}

// ---------------------------------------------------------------------------
// Document-level checks
// ---------------------------------------------------------------------------

/** base.py SAXDispatcher.startPrefixMapping */
function checkNamespaceDeclaration(
  ctx: Ctx,
  el: XmlElement,
  prefix: string,
  uri: string,
  atRoot: boolean,
): void {
  const std = NS_TO_PREFIX.get(uri);
  if (prefix && KNOWN_PREFIXES.has(prefix)) {
    if (std !== prefix) {
      if (uri === 'http://search.yahoo.com/mrss') {
        report(ctx, 'MediaRssNamespace', { prefix, ns: preferredUriFor(prefix) }, el.path);
      } else report(ctx, 'ReservedPrefix', { prefix, ns: preferredUriFor(prefix) }, el.path);
    } else if (prefix === 'wiki' && uri.includes('usemod')) {
      report(ctx, 'ObsoleteWikiNamespace', {}, el.path);
    } else if ((prefix === 'atom' || prefix === 'xhtml') && !atRoot && ctx.feedType === 'atom') {
      report(ctx, 'AvoidNamespacePrefix', { prefix }, el.path);
    }
    return;
  }
  if (std !== undefined) {
    // NonstdPrefix is Info; an unusual prefix for Atom/XHTML is still a warning in Atom documents.
    if (prefix && (std === 'atom' || std === 'xhtml') && (atRoot || ctx.feedType === 'atom')) {
      report(ctx, 'AvoidNamespacePrefix', { prefix }, el.path);
    }
    return;
  }
  if (uri === 'http://search.yahoo.com/mrss') {
    report(ctx, 'MediaRssNamespace', { prefix, ns: 'http://search.yahoo.com/mrss/' }, el.path);
    return;
  }
  const site = { params: { parent: el.local, element: `xmlns:${prefix}` }, path: el.path };
  if (uri && !validateUri(ctx, site, uri, 'rfc3987', 'InvalidIRI')) return;
  const unsupported = UNSUPPORTED_NAMESPACES.get(uri);
  if (unsupported) {
    report(
      ctx,
      'UnsupportedNamespace',
      { namespace: uri, name: unsupported[0], specification: unsupported[1] },
      el.path,
    );
  } else report(ctx, 'UnknownNamespace', { namespace: uri }, el.path);
}

function checkNamespaceDeclarations(ctx: Ctx, el: XmlElement, atRoot: boolean): void {
  for (const d of el.nsDecls) checkNamespaceDeclaration(ctx, el, d.prefix, d.uri, atRoot);
  for (const c of elementChildren(el)) checkNamespaceDeclarations(ctx, c, false);
}

/** base.py validatorBase.characters / eater.characters: C1 controls, U+FFFD, double-encoded UTF-8. */
function hasBadCharacters(text: string): boolean {
  return /[\u0080-\u009f\ufffd]/.test(text);
}

function looksDoubleEncoded(text: string): boolean {
  if (!/[\u00c2\u00c3][\u0080-\u00bf]/.test(text) || maxCharCode(text) > 0xff) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
    return true;
  } catch {
    return false;
  }
}

function checkCharacters(ctx: Ctx, el: XmlElement): void {
  const texts = el.children.filter((c): c is XmlText => c.type === 'text').map((t) => t.text);
  if (texts.some((t) => hasBadCharacters(t) || looksDoubleEncoded(t))) {
    report(ctx, 'BadCharacters', { parent: el.parent?.local, element: el.local }, el.path);
  }
  for (const a of el.attrs) {
    if (hasBadCharacters(a.value))
      report(ctx, 'BadCharacters', { parent: el.local, element: a.local }, el.path);
  }
  for (const c of elementChildren(el)) checkCharacters(ctx, c);
}

/** __init__.py (BadXmlVersion) and xmlEncoding.py decode() (ObscureEncoding). */
function checkXmlDeclaration(ctx: Ctx, parsed: ParsedXml): void {
  if (parsed.version !== undefined && parsed.version !== '1.0') {
    report(ctx, 'BadXmlVersion', { version: parsed.version }, undefined);
  }
  if (parsed.encoding !== undefined && !COMMON_ENCODINGS.has(parsed.encoding.toUpperCase())) {
    report(ctx, 'ObscureEncoding', { encoding: parsed.encoding }, undefined);
  }
}

/** root.py root.startElementNS: which vocabulary the document root selects. */
function checkRoot(root: XmlElement, ctx: Ctx): void {
  checkXmlLang(root, ctx);
  if (root.local === 'rss') {
    if (root.uri)
      report(ctx, 'InvalidNamespace', { parent: 'root', element: 'rss', namespace: root.uri }, root.path);
    checkRss(root, ctx);
    return;
  }
  if (root.local === 'feed' && root.uri === ATOM_NS) {
    for (const prefix of ['atom', 'xhtml']) {
      if (root.nsDecls.some((d) => d.prefix === prefix))
        report(ctx, 'AvoidNamespacePrefix', { prefix }, root.path);
    }
    checkAtomFeed(root, ctx);
    return;
  }
  if (root.local === 'feed' && !root.uri) {
    report(ctx, 'MissingNamespace', { parent: 'root', element: 'feed' }, root.path);
  } else if (root.local === 'feed' && root.uri === 'http://purl.org/atom/ns#') {
    report(ctx, 'ObsoleteNamespace', { element: 'feed' }, root.path);
  } else if (root.local === 'feed') {
    report(ctx, 'InvalidNamespace', { element: 'feed', namespace: root.uri }, root.path);
  } else {
    report(ctx, 'UndefinedElement', { parent: 'root', element: root.name }, root.path);
  }
}

/**
 * Validate an RSS 2.0 or Atom 1.0 document the way validator.w3.org/feed would,
 * returning its errors and warnings (Info-level events are not reported).
 */
export function checkFeed(xml: string, opts: CheckFeedOptions): Finding[] {
  const parsed = parseXml(xml, opts.selfUrl);
  const ctx: Ctx = {
    findings: [],
    seen: new Set(),
    selfUrl: opts.selfUrl,
    selfUris: [opts.selfUrl],
    feedType: parsed.root?.local === 'rss' ? 'rss' : 'atom',
    rssVersion: '2.0',
    rawLines: xml.split(/\r\n|\r|\n/),
    now: Date.now(),
  };
  if (parsed.error !== undefined || !parsed.root) {
    report(ctx, 'SAXError', { exception: parsed.error ?? 'no root element' }, undefined);
    return ctx.findings;
  }
  checkXmlDeclaration(ctx, parsed);
  checkNamespaceDeclarations(ctx, parsed.root, true);
  checkCharacters(ctx, parsed.root);
  checkRoot(parsed.root, ctx);
  return ctx.findings;
}
