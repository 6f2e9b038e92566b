package main

import (
	"context"
	"net/http"

	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

type userKey struct{}

// The Next.js app in development.
var authURL = "http://localhost:3000/api/auth"

var cache = jwk.NewCache(context.Background())

func init() {
	cache.Register(authURL + "/jwks")
}

func requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		set, err := cache.Get(r.Context(), authURL+"/jwks")
		if err != nil {
			http.Error(w, "keys unavailable", http.StatusServiceUnavailable)
			return
		}
		tok, err := jwt.ParseRequest(r, jwt.WithKeySet(set))
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ctx := context.WithValue(r.Context(), userKey{}, tok.Subject())
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
