package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
)

// contentSecurityPolicy returns the policy of every response, for a page
// whose only script and style are the inline elements of page. They are
// allowed by their SHA-256 (CSP level 2), computed here from the embedded
// page, so that editing index.html cannot leave a stale hash; nothing else
// runs or loads but fetches to the portal itself. The page must therefore
// hold no inline event handlers or style attributes, and its script sets
// styles through the CSSOM (element.style), which CSP does not restrict.
func contentSecurityPolicy(page []byte) string {
	var scripts, styles []string
	for _, h := range inlineHashes(page, "script") {
		scripts = append(scripts, "'"+h+"'")
	}
	for _, h := range inlineHashes(page, "style") {
		styles = append(styles, "'"+h+"'")
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src " + sourcesOrNone(scripts),
		"style-src " + sourcesOrNone(styles),
		"connect-src 'self'",
		"img-src 'self'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

// sourcesOrNone joins sources, or returns 'none' for no source.
func sourcesOrNone(sources []string) string {
	if len(sources) == 0 {
		return "'none'"
	}
	return strings.Join(sources, " ")
}

// inlineHashes returns "sha256-<base64>" of the text of each <tag> element
// of page, as a browser hashes it. The page is ours, so a plain search for
// the tags is enough: its elements carry no attributes and its text never
// holds the closing tag.
func inlineHashes(page []byte, tag string) []string {
	open, end := []byte("<"+tag+">"), []byte("</"+tag+">")
	var out []string
	for {
		i := bytes.Index(page, open)
		if i < 0 {
			return out
		}
		page = page[i+len(open):]
		j := bytes.Index(page, end)
		if j < 0 {
			panic(fmt.Sprintf("portal: index.html: <%s> without </%s>", tag, tag))
		}
		sum := sha256.Sum256(page[:j])
		out = append(out, "sha256-"+base64.StdEncoding.EncodeToString(sum[:]))
		page = page[j+len(end):]
	}
}

// pagePolicy is the Content-Security-Policy of the embedded page.
var pagePolicy = contentSecurityPolicy(indexHTML)

// secure sets the security headers every response carries, page and API
// alike: the content security policy, no framing (clickjacking), no
// content sniffing, and no Referer leaking ids and queries to other sites.
func secure(h http.Header) {
	h.Set("Content-Security-Policy", pagePolicy)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}
