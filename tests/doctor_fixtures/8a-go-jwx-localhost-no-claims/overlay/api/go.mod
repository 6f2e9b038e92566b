module example.com/api

go 1.22

require github.com/lestrrat-go/jwx/v2 v2.1.7
