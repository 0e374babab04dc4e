// A minimal Lamina script: run with
//   mvn -q -B -pl samples exec:exec -Dlamina.main=dev.lamina.samples.scripts.RunScript -Dlamina.args=samples/scripts/hello.lamina.kts
val x = Tensor.uniform(Shape.of(2, 3), 0f, 1f, 0)
println("Hello from a Lamina script: ${x.shape()} ${args.toList()}")
