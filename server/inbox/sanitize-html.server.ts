import sanitizeHtml from "sanitize-html";

/**
 * Customer HTML made safe to show: no scripts, styles, forms, frames, event
 * handlers or remote images (tracking pixels); links only to http(s) and mailto,
 * opened in a new tab without a referrer.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "blockquote", "pre", "code",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
  ],
  allowedAttributes: { a: ["href", "title", "target", "rel"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "head"],
  transformTags: {
    // Relative links would point into Tandem itself: only absolute web and mail links survive.
    a: (tagName, { href, ...rest }) => {
      const safe: sanitizeHtml.Attributes = href && /^(https?:\/\/|mailto:)/i.test(href.trim()) ? { href } : {};
      return { tagName, attribs: { ...safe, ...rest, target: "_blank", rel: "noopener noreferrer nofollow" } };
    },
  },
};

export function sanitizeCustomerHtml(html: string): string {
  return sanitizeHtml(html, POLICY);
}
