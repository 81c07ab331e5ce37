package org.raftboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The sample replicated key-value store: etcd's raftexample as a Spring Boot application. */
@SpringBootApplication
public class KvApplication {

	public static void main(String[] args) {
		SpringApplication.run(KvApplication.class, args);
	}

}
