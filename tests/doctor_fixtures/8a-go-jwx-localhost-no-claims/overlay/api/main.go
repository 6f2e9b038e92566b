package main

import (
	"log"
	"net/http"
)

func main() {
	http.Handle("/me", requireUser(http.HandlerFunc(me)))
	log.Fatal(http.ListenAndServe(":8000", nil))
}

func me(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.Context().Value(userKey{}).(string)))
}
