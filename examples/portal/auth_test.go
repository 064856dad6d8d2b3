package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWriteAuth checks the token of the write routes: none configured
// means read-only (403), a missing or wrong token 401 with a Bearer
// challenge, the right one gets through. Reads need no token.
func TestWriteAuth(t *testing.T) {
	t.Parallel()
	const newProfile = `{"id":"auth-1","name":"Token Cluster","country":"DE"}`
	tests := []struct {
		name      string
		token     string // configured; "" is read-only
		header    string // Authorization; "" sends none
		want      int    // of POST; DELETE of the profile gets 204 for 201
		challenge string // WWW-Authenticate of a 401
	}{
		{"read-only, no header", "", "", http.StatusForbidden, ""},
		{"read-only, any token", "", "Bearer " + testToken, http.StatusForbidden, ""},
		{"no header", testToken, "", http.StatusUnauthorized, `Bearer realm="partnermatch"`},
		{"other scheme", testToken, "Basic " + testToken, http.StatusUnauthorized, `Bearer realm="partnermatch"`},
		{"scheme only", testToken, "Bearer ", http.StatusUnauthorized, `Bearer realm="partnermatch"`},
		{"wrong token", testToken, "Bearer not-the-token-at-all", http.StatusUnauthorized, `Bearer realm="partnermatch", error="invalid_token"`},
		{"prefix of the token", testToken, "Bearer " + testToken[:len(testToken)-1], http.StatusUnauthorized, `Bearer realm="partnermatch", error="invalid_token"`},
		{"token and more", testToken, "Bearer " + testToken + "x", http.StatusUnauthorized, `Bearer realm="partnermatch", error="invalid_token"`},
		{"right token", testToken, "Bearer " + testToken, http.StatusCreated, ""},
		{"right token, lower-case scheme", testToken, "bearer " + testToken, http.StatusCreated, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eng := newEmptyEngine(t)
			h := newServer(eng, options{Token: tt.token})
			send := func(method, target, body string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(method, target, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if tt.header != "" {
					req.Header.Set("Authorization", tt.header)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}

			rec := send(http.MethodPost, "/profiles", newProfile)
			if tt.want == http.StatusCreated {
				assert.Equal(t, http.StatusCreated, rec.Code, "POST with %q: %s", tt.header, rec.Body.String())
				assert.Equal(t, 1, eng.Len(), "POST with %q: profiles", tt.header)
				rec = send(http.MethodDelete, "/profiles/auth-1", "")
				assert.Equal(t, http.StatusNoContent, rec.Code, "DELETE with %q: %s", tt.header, rec.Body.String())
				assert.Zero(t, eng.Len(), "DELETE with %q: profiles", tt.header)
				return
			}
			assertError(t, rec, tt.want, "POST with %q, token %q", tt.header, tt.token)
			assert.Equal(t, tt.challenge, rec.Header().Get("WWW-Authenticate"), "POST with %q: challenge", tt.header)
			if tt.want == http.StatusForbidden {
				assert.Contains(t, decode[errorBody](t, rec).Error, "writes are disabled", "POST to a read-only portal: message")
			}
			assert.Zero(t, eng.Len(), "a refused POST adds nothing")

			rec = send(http.MethodDelete, "/profiles/auth-1", "")
			assertError(t, rec, tt.want, "DELETE with %q, token %q", tt.header, tt.token)
			assert.Equal(t, tt.challenge, rec.Header().Get("WWW-Authenticate"), "DELETE with %q: challenge", tt.header)

			rec = send(http.MethodGet, "/models", "")
			assert.Equal(t, http.StatusOK, rec.Code, "GET /models with %q needs no token", tt.header)
		})
	}
}

func TestTokenCheck(t *testing.T) {
	t.Parallel()
	c := newTokenCheck(testToken)
	tests := []struct {
		got  string
		want bool
	}{
		{testToken, true},
		{"", false},
		{testToken[:5], false},
		{testToken + testToken, false},
		{strings.ToUpper(testToken), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.valid(tt.got), "tokenCheck(%q).valid(%q)", testToken, tt.got)
	}
}

// TestTokenConstantTime checks the source: the token is compared only by
// subtle.ConstantTimeCompare, never with ==, bytes.Equal or the like,
// whose time tells an attacker how many leading bytes were right.
func TestTokenConstantTime(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err, "glob")
	fset := token.NewFileSet()
	usesSubtle := false
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err, "read %s", name)
		f, err := parser.ParseFile(fset, name, src, 0)
		require.NoError(t, err, "parse %s", name)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Name == "valid" && n.Recv != nil {
					ast.Inspect(n.Body, func(n ast.Node) bool {
						if sel, ok := n.(*ast.SelectorExpr); ok && isIdent(sel.X, "subtle") && sel.Sel.Name == "ConstantTimeCompare" {
							usesSubtle = true
						}
						return true
					})
				}
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && (mentionsToken(n.X) && !isZero(n.Y) || mentionsToken(n.Y) && !isZero(n.X)) {
					t.Errorf("%s: token compared with %s", fset.Position(n.Pos()), n.Op)
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (isIdent(sel.X, "bytes") || isIdent(sel.X, "strings")) &&
					(sel.Sel.Name == "Equal" || sel.Sel.Name == "EqualFold" || sel.Sel.Name == "Compare") {
					for _, a := range n.Args {
						if mentionsToken(a) {
							t.Errorf("%s: token compared with %s.%s", fset.Position(n.Pos()), sel.X, sel.Sel.Name)
						}
					}
				}
			}
			return true
		})
	}
	assert.True(t, usesSubtle, "tokenCheck.valid calls subtle.ConstantTimeCompare")
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// mentionsToken reports whether e names a variable or field called
// token, Token or sum (the token's hash), other than as an argument of
// subtle.ConstantTimeCompare.
func mentionsToken(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "subtle") {
				return false
			}
		}
		if id, ok := n.(*ast.Ident); ok && (strings.EqualFold(id.Name, "token") || id.Name == "sum") {
			found = true
		}
		return true
	})
	return found
}

// isZero reports whether e is "" or nil: testing whether a token is set
// tells nothing about it.
func isZero(e ast.Expr) bool {
	if lit, ok := e.(*ast.BasicLit); ok {
		return lit.Value == `""`
	}
	return isIdent(e, "nil")
}
