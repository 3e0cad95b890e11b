package main

import (
	"example.com/dep"
	"example.com/other"
)

func main() { println(dep.Greet(), other.Name) }
