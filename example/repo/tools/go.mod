module example.com/tools

go 1.21

require (
	example.com/dep v1.0.0
	example.com/other v1.0.0
)

require example.com/lib v1.0.0 // indirect
