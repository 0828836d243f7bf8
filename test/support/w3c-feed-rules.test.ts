import { describe, expect, it } from 'vitest';
import { canonicalForm, checkFeed, type Finding } from './w3c-feed-rules.js';

const RSS_URL = 'https://example.com/rss.xml';
const ATOM_URL = 'https://example.com/atom.xml';

const VALID_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Example</title>
    <link>https://example.com/</link>
    <description>Example feed</description>
    <language>en-us</language>
    <atom:link href="https://example.com/rss.xml" rel="self" type="application/rss+xml"/>
    <lastBuildDate>Mon, 01 Jan 2024 00:00:00 GMT</lastBuildDate>
    <item>
      <title>First post</title>
      <link>https://example.com/posts/first</link>
      <guid isPermaLink="true">https://example.com/posts/first</guid>
      <pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>
      <description>&lt;p&gt;Hello &lt;a href="https://example.com/x"&gt;world&lt;/a&gt;&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>Hello <em>world</em></p>]]></content:encoded>
      <dc:creator>Jane Doe</dc:creator>
      <category>news</category>
      <enclosure url="https://example.com/a.mp3" length="123" type="audio/mpeg"/>
    </item>
  </channel>
</rss>
`;

const VALID_ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Example</title>
  <id>https://example.com/</id>
  <updated>2024-01-01T00:00:00Z</updated>
  <link rel="self" href="https://example.com/atom.xml" type="application/atom+xml"/>
  <link rel="alternate" href="https://example.com/" type="text/html"/>
  <author><name>Jane Doe</name><email>jane@example.com</email><uri>https://example.com/</uri></author>
  <entry>
    <title>First post</title>
    <id>https://example.com/posts/first</id>
    <updated>2024-01-01T00:00:00Z</updated>
    <published>2024-01-01T00:00:00Z</published>
    <link rel="alternate" href="https://example.com/posts/first" type="text/html"/>
    <category term="news"/>
    <summary>A summary</summary>
    <content type="html">&lt;p&gt;Hello &lt;em&gt;world&lt;/em&gt;&lt;/p&gt;</content>
  </entry>
</feed>
`;

type Edit = readonly [from: string, to: string];

/** Applies edits, failing loudly if a search string is absent (so no case passes vacuously). */
function edit(base: string, edits: readonly Edit[]): string {
  let out = base;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`edit target not found: ${from}`);
    out = out.replace(from, to);
  }
  return out;
}

function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.level} ${f.rule}`).sort();
}

const ITEM_START = '<item>';
const ITEM_END = '</item>';
const RSS_ROOT = '<rss version="2.0"';
const AFTER_LANGUAGE = '<language>en-us</language>';
const RSS_PUBDATE = '<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>';
const RSS_GUID = '<guid isPermaLink="true">https://example.com/posts/first</guid>';
const RSS_DESCRIPTION =
  '<description>&lt;p&gt;Hello &lt;a href="https://example.com/x"&gt;world&lt;/a&gt;&lt;/p&gt;</description>';
const RSS_CONTENT = '<content:encoded><![CDATA[<p>Hello <em>world</em></p>]]></content:encoded>';
const RSS_CREATOR = '<dc:creator>Jane Doe</dc:creator>';
const RSS_ENCLOSURE = '<enclosure url="https://example.com/a.mp3" length="123" type="audio/mpeg"/>';
const LAST_BUILD = '<lastBuildDate>Mon, 01 Jan 2024 00:00:00 GMT</lastBuildDate>';
const SELF_LINK = '<atom:link href="https://example.com/rss.xml" rel="self" type="application/rss+xml"/>';
const ITEM_TITLE = '<title>First post</title>';
const ITEM_LINK = '<link>https://example.com/posts/first</link>';

interface Case {
  name: string;
  edits: readonly Edit[];
  expected: readonly string[];
  selfUrl?: string;
}

describe('baseline feeds', () => {
  it('a minimal valid RSS 2.0 feed has no findings', () => {
    expect(checkFeed(VALID_RSS, { selfUrl: RSS_URL })).toEqual([]);
  });

  it('a minimal valid Atom 1.0 feed has no findings', () => {
    expect(checkFeed(VALID_ATOM, { selfUrl: ATOM_URL })).toEqual([]);
  });

  it('reports where a finding is', () => {
    const xml = edit(VALID_RSS, [[RSS_GUID, '<guid>post-1</guid>']]);
    expect(checkFeed(xml, { selfUrl: RSS_URL })).toEqual([
      {
        level: 'error',
        rule: 'InvalidHttpGUID',
        message: 'guid must be a full URL, unless isPermaLink attribute is false',
        path: '/rss/channel/item/guid',
      },
    ]);
  });
});

const rssCases: Case[] = [
  // channel.py channel.validate
  {
    name: 'missing channel description',
    edits: [['<description>Example feed</description>', '']],
    expected: ['error MissingDescription'],
  },
  {
    name: 'missing channel title',
    edits: [['<title>Example</title>', '']],
    expected: ['error MissingTitle'],
  },
  {
    name: 'missing channel link',
    edits: [['<link>https://example.com/</link>', '']],
    expected: ['error MissingLink'],
  },
  { name: 'no atom:link rel=self', edits: [[SELF_LINK, '']], expected: ['warning MissingAtomSelfLink'] },
  {
    name: 'self link elsewhere',
    edits: [],
    selfUrl: 'https://example.com/feed.xml',
    expected: ['warning SelfDoesntMatchLocation'],
  },
  {
    name: 'relative self link',
    edits: [['href="https://example.com/rss.xml"', 'href="/rss.xml"']],
    expected: ['warning RelativeSelf'],
  },
  {
    name: 'self link of non-feed type',
    edits: [['type="application/rss+xml"', 'type="text/xml"']],
    expected: ['warning SelfNotAtom'],
  },
  {
    name: 'invalid language',
    edits: [[AFTER_LANGUAGE, '<language>english</language>']],
    expected: ['error InvalidLanguage'],
  },
  {
    name: 'non-numeric ttl',
    edits: [[AFTER_LANGUAGE, `${AFTER_LANGUAGE}<ttl>soon</ttl>`]],
    expected: ['error InvalidPositiveInteger'],
  },
  {
    name: 'HTML in channel description',
    edits: [
      ['<description>Example feed</description>', '<description>&lt;p&gt;Example&lt;/p&gt;</description>'],
    ],
    expected: ['warning ContainsHTML'],
  },
  {
    name: 'item before channel metadata',
    edits: [
      [LAST_BUILD, ''],
      [ITEM_END, `${ITEM_END}${LAST_BUILD}`],
    ],
    expected: ['warning MisplacedItem'],
  },
  {
    name: 'textInput',
    edits: [[AFTER_LANGUAGE, `${AFTER_LANGUAGE}<textInput><title>t</title></textInput>`]],
    expected: ['warning AvoidTextInput'],
  },
  {
    name: 'invalid dc:date',
    edits: [[AFTER_LANGUAGE, `${AFTER_LANGUAGE}<dc:date>yesterday</dc:date>`]],
    expected: ['error InvalidW3CDTFDate'],
  },
  {
    name: 'managingEditor and dc:creator on the channel',
    edits: [
      [
        AFTER_LANGUAGE,
        `${AFTER_LANGUAGE}<managingEditor>jane@example.com (Jane Doe)</managingEditor><dc:creator>Jane</dc:creator>`,
      ],
    ],
    expected: ['warning DuplicateSemantics'],
  },
  {
    name: 'image title differs from channel title',
    edits: [
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.png</url><title>Other</title><link>https://example.com/</link></image>`,
      ],
    ],
    expected: ['warning ImageTitleDoesntMatch'],
  },
  {
    name: 'image link differs from channel link',
    edits: [
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.png</url><title>Example</title><link>https://example.com/about</link></image>`,
      ],
    ],
    expected: ['warning ImageLinkDoesntMatch'],
  },
  {
    name: 'image in an unsupported format',
    edits: [
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.svg</url><title>Example</title><link>https://example.com/</link></image>`,
      ],
    ],
    expected: ['warning ImageUrlFormat'],
  },
  {
    name: 'image too wide',
    edits: [
      [
        LAST_BUILD,
        `${LAST_BUILD}<image><url>https://example.com/logo.png</url><title>Example</title><link>https://example.com/</link><width>200</width></image>`,
      ],
    ],
    expected: ['error InvalidWidth'],
  },
  {
    name: 'hour 24 in skipHours',
    edits: [[LAST_BUILD, `${LAST_BUILD}<skipHours><hour>24</hour></skipHours>`]],
    expected: ['warning UseZeroForMidnight'],
  },
  {
    name: 'invalid sy:updatePeriod',
    edits: [
      [RSS_ROOT, `${RSS_ROOT} xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"`],
      [LAST_BUILD, `${LAST_BUILD}<sy:updatePeriod>often</sy:updatePeriod>`],
    ],
    expected: ['error InvalidUpdatePeriod'],
  },
  // rss.py
  {
    name: 'unknown RSS version',
    edits: [['version="2.0"', 'version="3.0"']],
    expected: ['error InvalidRSSVersion'],
  },
  // item.py
  {
    name: 'bad pubDate',
    edits: [[RSS_PUBDATE, '<pubDate>2024-01-01T00:00:00Z</pubDate>']],
    expected: ['error InvalidRFC2822Date'],
  },
  {
    name: 'wrong day of week',
    edits: [[RSS_PUBDATE, '<pubDate>Tue, 01 Jan 2024 00:00:00 GMT</pubDate>']],
    expected: ['error IncorrectDOW'],
  },
  {
    name: 'two-digit year',
    edits: [[RSS_PUBDATE, '<pubDate>Mon, 1 Jan 24 00:00:00 GMT</pubDate>']],
    expected: ['warning ProblematicalRFC822Date'],
  },
  {
    name: 'pubDate before 1990',
    edits: [[RSS_PUBDATE, '<pubDate>Sat, 01 Jan 1983 00:00:00 GMT</pubDate>']],
    expected: ['warning ImplausibleDate'],
  },
  {
    name: 'pubDate in the future',
    edits: [[RSS_PUBDATE, '<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>']],
    expected: ['warning ImplausibleDate'],
  },
  {
    name: 'name-only author',
    edits: [[RSS_CREATOR, '<author>Jane Doe</author>']],
    expected: ['error InvalidContact'],
  },
  {
    name: 'author without real name',
    edits: [[RSS_CREATOR, '<author>jane@example.com</author>']],
    expected: ['warning MissingRealName'],
  },
  {
    name: 'author in "Name <addr>" form',
    edits: [[RSS_CREATOR, '<author>Jane Doe &lt;jane@example.com&gt;</author>']],
    expected: ['warning EmailFormat'],
  },
  {
    name: 'author in "addr (Name)" form is clean',
    edits: [[RSS_CREATOR, '<author>jane@example.com (Jane Doe)</author>']],
    expected: [],
  },
  {
    name: 'author together with dc:creator',
    edits: [[RSS_CREATOR, `${RSS_CREATOR}<author>jane@example.com (Jane Doe)</author>`]],
    expected: ['warning DuplicateItemSemantics'],
  },
  {
    name: 'undefined item element',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<summary>x</summary>`]],
    expected: ['error UndefinedElement'],
  },
  {
    name: 'two item titles',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<title>Again</title>`]],
    expected: ['error DuplicateElement'],
  },
  {
    name: 'relative item link',
    edits: [[ITEM_LINK, '<link>/posts/first</link>']],
    expected: ['error InvalidFullLink'],
  },
  {
    name: 'unregistered URI scheme',
    edits: [[ITEM_LINK, '<link>foo:bar</link>']],
    expected: ['warning SchemeNotIANARegistered'],
  },
  {
    name: 'guid that is not a URL',
    edits: [[RSS_GUID, '<guid>post-1</guid>']],
    expected: ['error InvalidHttpGUID'],
  },
  {
    name: 'tag: URI used as a permalink',
    edits: [[RSS_GUID, '<guid>tag:example.com,2024:first</guid>']],
    expected: ['error InvalidPermalink'],
  },
  {
    name: 'tag: URI guid marked as not a permalink is clean',
    edits: [[RSS_GUID, '<guid isPermaLink="false">tag:example.com,2024:first</guid>']],
    expected: [],
  },
  {
    name: 'short numeric guid',
    edits: [[RSS_GUID, '<guid isPermaLink="false">42</guid>']],
    expected: ['warning NotSufficientlyUnique'],
  },
  {
    name: 'isPermaLink not boolean',
    edits: [['isPermaLink="true"', 'isPermaLink="yes"']],
    expected: ['error InvalidBooleanAttribute'],
  },
  { name: 'missing guid', edits: [[RSS_GUID, '']], expected: ['warning MissingGuid'] },
  {
    name: 'two items with the same guid',
    edits: [[ITEM_END, `${ITEM_END}<item><title>Again</title>${RSS_GUID}</item>`]],
    expected: ['error DuplicateValue'],
  },
  {
    name: 'empty category',
    edits: [['<category>news</category>', '<category></category>']],
    expected: ['warning NotBlank'],
  },
  {
    name: 'no title and no description',
    edits: [
      [ITEM_TITLE, ''],
      [RSS_DESCRIPTION, ''],
      [RSS_CONTENT, ''],
    ],
    expected: ['error ItemMustContainTitleOrDescription'],
  },
  {
    name: 'content:encoded before description',
    edits: [
      [RSS_DESCRIPTION, ''],
      [RSS_CONTENT, `${RSS_CONTENT}${RSS_DESCRIPTION}`],
    ],
    expected: ['warning NeedDescriptionBeforeContent'],
  },
  {
    name: 'markup in a plain-text title',
    edits: [[ITEM_TITLE, '<title>Use &lt;b&gt; tags</title>']],
    expected: ['warning CharacterData'],
  },
  {
    name: 'markup in a title written with hex references is clean',
    edits: [[ITEM_TITLE, '<title>Use &#x3C;b> tags</title>']],
    expected: [],
  },
  {
    name: 'text directly inside item',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}oops`]],
    expected: ['error UnexpectedText'],
  },
  {
    name: 'title with a C1 control character',
    edits: [[ITEM_TITLE, '<title>First \u0093post\u0094</title>']],
    expected: ['warning BadCharacters'],
  },
  {
    name: 'atom:category inside an item',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<atom:category term="x"/>`]],
    expected: ['warning QuestionableUsage'],
  },
  {
    name: 'atom:title inside an item',
    edits: [[ITEM_TITLE, `${ITEM_TITLE}<atom:title>First post</atom:title>`]],
    expected: ['warning DuplicateDescriptionSemantics'],
  },
  {
    name: 'slash:comments without lastBuildDate',
    edits: [
      [RSS_ROOT, `${RSS_ROOT} xmlns:slash="http://purl.org/rss/1.0/modules/slash/"`],
      [LAST_BUILD, ''],
      [ITEM_TITLE, `${ITEM_TITLE}<slash:comments>3</slash:comments>`],
    ],
    expected: ['warning SlashDate'],
  },
  {
    name: 'wfw:commentRSS spelling',
    edits: [
      [RSS_ROOT, `${RSS_ROOT} xmlns:wfw="http://wellformedweb.org/CommentAPI/"`],
      [ITEM_TITLE, `${ITEM_TITLE}<wfw:commentRSS>https://example.com/c</wfw:commentRSS>`],
    ],
    expected: ['warning CommentRSS'],
  },
  // item.py enclosure
  {
    name: 'enclosure MIME type',
    edits: [['type="audio/mpeg"', 'type="audio"']],
    expected: ['error InvalidMIMEAttribute'],
  },
  {
    name: 'relative enclosure url',
    edits: [['url="https://example.com/a.mp3"', 'url="/a.mp3"']],
    expected: ['error InvalidURLAttribute'],
  },
  {
    name: 'enclosure length -1',
    edits: [['length="123"', 'length="-1"']],
    expected: ['error UseZeroForUnknown'],
  },
  { name: 'enclosure without length', edits: [[' length="123"', '']], expected: ['error MissingAttribute'] },
  {
    name: 'two enclosures',
    edits: [[RSS_ENCLOSURE, `${RSS_ENCLOSURE}${RSS_ENCLOSURE}`]],
    expected: ['warning DuplicateEnclosure'],
  },
  // validators.py HTMLValidator / absUrlMixin on description and content:encoded
  {
    name: 'relative link in description',
    edits: [['href="https://example.com/x"', 'href="/x"']],
    expected: ['warning ContainsRelRef'],
  },
  {
    name: 'script in content:encoded',
    edits: [
      [RSS_CONTENT, '<content:encoded><![CDATA[<p>Hi</p><script>alert(1)</script>]]></content:encoded>'],
    ],
    expected: ['warning SecurityRisk'],
  },
  {
    name: 'iframe in content:encoded',
    edits: [
      [
        RSS_CONTENT,
        '<content:encoded><![CDATA[<iframe src="https://example.com/v"></iframe>]]></content:encoded>',
      ],
    ],
    expected: ['warning SecurityRisk'],
  },
  {
    name: 'event handler attribute',
    edits: [
      [
        RSS_CONTENT,
        '<content:encoded><![CDATA[<img src="https://example.com/i.png" onerror="alert(1)">]]></content:encoded>',
      ],
    ],
    expected: ['warning SecurityRiskAttr'],
  },
  {
    name: 'dangerous style attribute',
    edits: [
      [
        RSS_CONTENT,
        '<content:encoded><![CDATA[<p style="background: url(javascript:alert(1))">x</p>]]></content:encoded>',
      ],
    ],
    expected: ['warning DangerousStyleAttr'],
  },
  {
    name: 'harmless style attribute is clean',
    edits: [
      [
        RSS_CONTENT,
        '<content:encoded><![CDATA[<p style="color: red; margin: 0 auto">x</p>]]></content:encoded>',
      ],
    ],
    expected: [],
  },
  {
    name: 'non-HTML tag',
    edits: [[RSS_CONTENT, '<content:encoded><![CDATA[<p>Hi</p><blink>x</blink>]]></content:encoded>']],
    expected: ['warning NotHtml'],
  },
  {
    name: 'bare ampersand in HTML',
    edits: [[RSS_CONTENT, '<content:encoded><![CDATA[<p>AT&T</p>]]></content:encoded>']],
    expected: ['warning NotHtml'],
  },
  {
    name: 'javascript: href is not flagged (the validator does not check URL schemes in HTML)',
    edits: [['href="https://example.com/x"', 'href="javascript:alert(1)"']],
    expected: [],
  },
  // base.py dispatcher: attributes and namespaces
  {
    name: 'foreign attribute on a core element',
    edits: [[ITEM_START, '<item xmlns:x="https://example.org/ns" x:rating="5">']],
    expected: ['warning UnknownNamespace', 'warning UseOfExtensionAttr'],
  },
  {
    name: 'foreign attribute tolerated when docs is the RSS Board spec',
    edits: [
      [ITEM_START, '<item xmlns:x="https://example.org/ns" x:rating="5">'],
      [LAST_BUILD, `${LAST_BUILD}<docs>http://www.rssboard.org/rss-specification</docs>`],
    ],
    expected: ['warning UnknownNamespace'],
  },
  {
    name: 'unexpected attribute',
    edits: [[ITEM_START, '<item foo="bar">']],
    expected: ['error UnexpectedAttribute'],
  },
  {
    name: 'unknown namespace',
    edits: [[RSS_ROOT, `${RSS_ROOT} xmlns:x="https://example.org/ns"`]],
    expected: ['warning UnknownNamespace'],
  },
  {
    name: 'well-known prefix bound elsewhere',
    edits: [[RSS_ROOT, `${RSS_ROOT} xmlns:media="https://example.org/media"`]],
    expected: ['warning ReservedPrefix'],
  },
  {
    name: 'unsupported namespace',
    edits: [[RSS_ROOT, `${RSS_ROOT} xmlns:podcast="https://podcastindex.org/namespace/1.0"`]],
    expected: ['warning UnsupportedNamespace'],
  },
  // __init__.py / xmlEncoding.py
  { name: 'not well-formed', edits: [['</channel>', '']], expected: ['error SAXError'] },
  {
    name: 'obscure encoding',
    edits: [['encoding="UTF-8"', 'encoding="ISO-8859-9"']],
    expected: ['warning ObscureEncoding'],
  },
];

describe('RSS 2.0 rules', () => {
  it.each(rssCases)('$name', ({ edits, expected, selfUrl }) => {
    const xml = edit(VALID_RSS, edits);
    expect(summary(checkFeed(xml, { selfUrl: selfUrl ?? RSS_URL }))).toEqual([...expected].sort());
  });
});

const FEED_AUTHOR =
  '<author><name>Jane Doe</name><email>jane@example.com</email><uri>https://example.com/</uri></author>';
const ENTRY_ID = '<id>https://example.com/posts/first</id>';
const ENTRY_TITLE = '<title>First post</title>';
const ENTRY_UPDATED = '<updated>2024-01-01T00:00:00Z</updated>\n    <published>';
const ENTRY_LINK = '<link rel="alternate" href="https://example.com/posts/first" type="text/html"/>';
const ENTRY_SUMMARY = '<summary>A summary</summary>';
const ENTRY_CONTENT = '<content type="html">&lt;p&gt;Hello &lt;em&gt;world&lt;/em&gt;&lt;/p&gt;</content>';
const ATOM_SELF = '<link rel="self" href="https://example.com/atom.xml" type="application/atom+xml"/>';
const FEED_START = '<feed xmlns="http://www.w3.org/2005/Atom"';

function extraEntry(id: string, updated: string): string {
  return `<entry><title>Another</title><id>${id}</id><updated>${updated}</updated>${ENTRY_LINK}${ENTRY_SUMMARY}</entry>`;
}

const atomCases: Case[] = [
  // feed.py / entry.py required elements
  { name: 'no author anywhere', edits: [[FEED_AUTHOR, '']], expected: ['error MissingElement'] },
  { name: 'entry without id', edits: [[ENTRY_ID, '']], expected: ['error MissingElement'] },
  {
    name: 'feed without updated',
    edits: [['<updated>2024-01-01T00:00:00Z</updated>\n  <link', '<link']],
    expected: ['error MissingElement'],
  },
  { name: 'no self link', edits: [[ATOM_SELF, '']], expected: ['warning MissingSelf'] },
  {
    name: 'self link elsewhere',
    edits: [],
    selfUrl: 'https://example.com/feed.atom',
    expected: ['warning SelfDoesntMatchLocation'],
  },
  {
    name: 'self link with a different but equivalent spelling is clean',
    edits: [['href="https://example.com/atom.xml"', 'href="HTTPS://EXAMPLE.COM:443/./atom.xml"']],
    expected: [],
  },
  {
    name: 'feed metadata after an entry',
    edits: [['</entry>', '</entry><subtitle>late</subtitle>']],
    expected: ['error MisplacedMetadata'],
  },
  // dates (validators.py rfc3339)
  {
    name: 'date without time',
    edits: [[ENTRY_UPDATED, '<updated>2024-01-01</updated>\n    <published>']],
    expected: ['error InvalidRFC3339Date'],
  },
  {
    name: 'published far in the future',
    edits: [['<published>2024-01-01T00:00:00Z</published>', '<published>2999-01-01T00:00:00Z</published>']],
    expected: ['warning ImplausibleDate'],
  },
  // identifiers (validators.py canonicaluri / nows / unique)
  {
    name: 'malformed tag: id',
    edits: [[ENTRY_ID, '<id>tag:example.com:first</id>']],
    expected: ['error InvalidTAG'],
  },
  {
    name: 'malformed urn:uuid id',
    edits: [[ENTRY_ID, '<id>urn:uuid:1234</id>']],
    expected: ['error InvalidUUID'],
  },
  {
    name: 'well-formed urn:uuid id is clean',
    edits: [[ENTRY_ID, '<id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>']],
    expected: [],
  },
  {
    name: 'id not in canonical form',
    edits: [[ENTRY_ID, '<id>HTTPS://Example.com/posts/first</id>']],
    expected: ['warning NonCanonicalURI'],
  },
  {
    name: 'whitespace around id',
    edits: [[ENTRY_ID, '<id> https://example.com/posts/first </id>']],
    expected: ['error UnexpectedWhitespace'],
  },
  {
    name: 'two entries with the same id',
    edits: [['</entry>', `</entry>${extraEntry('https://example.com/posts/first', '2024-01-02T00:00:00Z')}`]],
    expected: ['warning DuplicateEntries'],
  },
  {
    name: 'two entries with the same updated',
    edits: [
      ['</entry>', `</entry>${extraEntry('https://example.com/posts/second', '2024-01-01T00:00:00Z')}`],
    ],
    expected: ['warning DuplicateUpdated'],
  },
  {
    name: 'ten entries sharing one id',
    edits: [
      [
        '</entry>',
        `</entry>${Array.from({ length: 9 }, (_, i) =>
          extraEntry(
            'https://example.com/posts/first',
            `2024-01-${String(i + 2).padStart(2, '0')}T00:00:00Z`,
          ),
        ).join('')}`,
      ],
    ],
    expected: ['error DuplicateIds'],
  },
  // links (link.py)
  {
    name: 'two alternate links of the same type',
    edits: [
      [ENTRY_LINK, `${ENTRY_LINK}<link rel="alternate" href="https://example.com/p2" type="text/html"/>`],
    ],
    expected: ['error DuplicateAtomLink'],
  },
  {
    name: 'link type not a MIME type',
    edits: [['type="text/html"/>\n  <author', 'type="html"/>\n  <author']],
    expected: ['error InvalidMIMEType'],
  },
  {
    name: 'unregistered link relation',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="foo" href="https://example.com/f"/>`]],
    expected: ['warning UnregisteredAtomLinkRel'],
  },
  {
    name: 'link without href',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="related"/>`]],
    expected: ['error MissingHref'],
  },
  {
    name: 'link with text content',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="related" href="https://example.com/r">text</link>`]],
    expected: ['warning AtomLinkNotEmpty'],
  },
  {
    name: 'paging relation on an entry',
    edits: [[ENTRY_LINK, `${ENTRY_LINK}<link rel="next" href="https://example.com/2"/>`]],
    expected: ['warning FeedHistoryRelInEntry'],
  },
  // author.py / category.py / generator.py
  {
    name: 'author email not an address',
    edits: [['<email>jane@example.com</email>', '<email>jane</email>']],
    expected: ['error InvalidAddrSpec'],
  },
  {
    name: 'author name containing an address',
    edits: [['<name>Jane Doe</name>', '<name>Jane &lt;jane@example.com&gt;</name>']],
    expected: ['warning ContainsEmail'],
  },
  {
    name: 'author uri not an IRI',
    edits: [['<uri>https://example.com/</uri>', '<uri>http:example.com</uri>']],
    expected: ['error InvalidIRI'],
  },
  {
    name: 'category without term',
    edits: [['<category term="news"/>', '<category/>']],
    expected: ['error MissingAttribute'],
  },
  {
    name: 'category with blank term',
    edits: [['<category term="news"/>', '<category term=""/>']],
    expected: ['warning NotBlank'],
  },
  {
    name: 'category scheme not absolute',
    edits: [['<category term="news"/>', '<category term="news" scheme="news"/>']],
    expected: ['error InvalidFullLink'],
  },
  {
    name: 'generator uri not a URI',
    edits: [[ATOM_SELF, `${ATOM_SELF}<generator uri="http:example.com">gen</generator>`]],
    expected: ['error InvalidURIAttribute'],
  },
  // content.py text constructs
  {
    name: 'HTML in a text title',
    edits: [[ENTRY_TITLE, '<title>&lt;b&gt;Hi&lt;/b&gt;</title>']],
    expected: ['warning ContainsUndeclaredHTML'],
  },
  {
    name: 'MIME type as a title type',
    edits: [[ENTRY_TITLE, '<title type="text/plain">Hi</title>']],
    expected: ['error InvalidTextType'],
  },
  {
    name: 'text/html content fragment',
    edits: [['<content type="html">', '<content type="text/html">']],
    expected: ['warning HtmlFragment'],
  },
  {
    name: 'unclosed element in html content',
    edits: [[ENTRY_CONTENT, '<content type="html">&lt;div&gt;Hello</content>']],
    expected: ['warning NotHtml'],
  },
  {
    name: 'script in xhtml content',
    edits: [
      [
        ENTRY_CONTENT,
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>x</script></div></content>',
      ],
    ],
    expected: ['warning SecurityRisk'],
  },
  {
    name: 'event handler in xhtml content',
    edits: [
      [
        ENTRY_CONTENT,
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x">Hi</p></div></content>',
      ],
    ],
    expected: ['warning SecurityRiskAttr'],
  },
  {
    name: 'xhtml content without a div wrapper',
    edits: [
      [ENTRY_CONTENT, '<content type="xhtml"><p xmlns="http://www.w3.org/1999/xhtml">Hi</p></content>'],
    ],
    expected: ['error MissingXhtmlDiv'],
  },
  {
    name: 'neither content nor summary',
    edits: [
      [ENTRY_SUMMARY, ''],
      [ENTRY_CONTENT, ''],
    ],
    expected: ['warning MissingTextualContent'],
  },
  {
    name: 'no content and no alternate link',
    edits: [
      [ENTRY_CONTENT, ''],
      [ENTRY_LINK, ''],
    ],
    expected: ['error MissingContentOrAlternate'],
  },
  {
    name: 'out-of-line content without summary',
    edits: [
      [ENTRY_SUMMARY, ''],
      [ENTRY_CONTENT, '<content type="audio/mpeg" src="https://example.com/a.mp3"/>'],
    ],
    expected: ['error MissingSummary'],
  },
  // base.py / root.py
  {
    name: 'atom prefix declared in an Atom feed',
    edits: [[FEED_START, `${FEED_START} xmlns:atom="http://www.w3.org/2005/Atom"`]],
    expected: ['warning AvoidNamespacePrefix'],
  },
  {
    // base.py startPrefixMapping also reports the xmlns="" undeclaration itself as an unknown namespace
    name: 'element in no namespace',
    edits: [[ENTRY_TITLE, `${ENTRY_TITLE}<foo xmlns="">x</foo>`]],
    expected: ['warning UndeterminableVocabulary', 'warning UnknownNamespace'],
  },
  {
    name: 'undefined Atom element',
    edits: [[ENTRY_TITLE, `${ENTRY_TITLE}<description>x</description>`]],
    expected: ['error UndefinedElement'],
  },
  {
    name: 'two entry titles',
    edits: [[ENTRY_TITLE, `${ENTRY_TITLE}<title>Again</title>`]],
    expected: ['error DuplicateElement'],
  },
  {
    name: 'unexpected attribute',
    edits: [['<entry>', '<entry foo="bar">']],
    expected: ['error UnexpectedAttribute'],
  },
  {
    name: 'invalid xml:lang',
    edits: [['xml:lang="en"', 'xml:lang="english"']],
    expected: ['error InvalidLanguage'],
  },
  {
    name: 'feed element outside the Atom namespace',
    edits: [[FEED_START, '<feed']],
    expected: ['error MissingNamespace'],
  },
];

describe('Atom 1.0 rules', () => {
  it.each(atomCases)('$name', ({ edits, expected, selfUrl }) => {
    const xml = edit(VALID_ATOM, edits);
    expect(summary(checkFeed(xml, { selfUrl: selfUrl ?? ATOM_URL }))).toEqual([...expected].sort());
  });
});

describe('document root', () => {
  it('rejects documents that are neither RSS nor Atom', () => {
    expect(summary(checkFeed('<html/>', { selfUrl: RSS_URL }))).toEqual(['error UndefinedElement']);
  });
});

describe('uri.py canonicalForm', () => {
  it.each([
    ['HTTP://Example.COM:80/a/./b/../c', 'http://example.com/a/c'],
    ['http://example.com', 'http://example.com/'],
    ['http://example.com/%7euser/%2f', 'http://example.com/~user/%2F'],
    ['https://example.com:8443/x?q=a b'.replace(' ', '%20'), 'https://example.com:8443/x?q=a%20b'],
    ['tag:example.com,2024:post-1', 'tag:example.com,2024:post-1'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalForm(input)).toBe(expected);
  });

  it('returns null for relative references and bad escapes', () => {
    expect(canonicalForm('posts/1')).toBeNull();
    expect(canonicalForm('http://example.com/%zz')).toBeNull();
  });
});
