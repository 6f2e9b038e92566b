package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

func main() {
	// The app's public origin: Better Auth's iss and aud, and where the keys are.
	origin := os.Getenv("BETTER_AUTH_URL")
	if origin == "" {
		log.Fatal("BETTER_AUTH_URL is not set")
	}
	keys, err := keyfunc.NewDefault([]string{origin + "/api/auth/jwks"})
	if err != nil {
		log.Fatal(err)
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{"EdDSA"}),
		jwt.WithIssuer(origin),
		jwt.WithAudience(origin),
	)
	http.HandleFunc("/me", func(w http.ResponseWriter, r *http.Request) {
		raw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims := jwt.RegisteredClaims{}
		if _, err := parser.ParseWithClaims(raw, &claims, keys.Keyfunc); err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.Write([]byte(claims.Subject))
	})
	log.Fatal(http.ListenAndServe(":8000", nil))
}
