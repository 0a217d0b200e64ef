package dev.converge.agent.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import dev.converge.agent.operator.ServiceTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code converge hub invoke DEVICE METHOD [PAYLOAD]}: calls a direct method and prints the device's answer. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = "Invoke a direct method on a device (or module) and print its status and payload.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the device answered with a 2xx status", "1:the device answered otherwise, or the hub refused"
        + " (offline device, timeout)", "2:bad JSON or option"})
final class HubInvokeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DEVICE", description = "Device id.")
  String deviceId;

  @Parameters(index = "1", paramLabel = "METHOD", description = "Method name.")
  String method;

  @Parameters(index = "2", paramLabel = "PAYLOAD", arity = "0..1", description = "JSON payload. Default: null.")
  String payload;

  @Option(names = "--module", paramLabel = "ID", description = "Invoke on this module of the device.")
  String moduleId;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long the device has to answer (5-300). Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Mixin ServiceOptions service;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ServiceTarget target;
    JsonElement body;
    try {
      target = service.target();
      body = payload == null ? null : JsonParser.parseString(payload);
    } catch (IllegalArgumentException | JsonParseException e) {
      return service.fail(ExitCode.USAGE, (e instanceof JsonParseException ? "PAYLOAD is not valid JSON: " : "")
          + e.getMessage());
    }
    DirectMethodsClient methods = target.methods();
    DirectMethodRequestOptions options = DirectMethodRequestOptions.builder()
        .payload(body).methodResponseTimeoutSeconds(timeoutSeconds).methodConnectTimeoutSeconds(0).build();
    try {
      DirectMethodResponse response = moduleId == null
          ? methods.invoke(deviceId, method, options)
          : methods.invoke(deviceId, moduleId, method, options);
      out.printf("status %d%n%s%n", response.getStatus(), response.getPayloadAsJsonString());
      out.flush();
      return response.getStatus() >= 200 && response.getStatus() < 300 ? ExitCode.OK : ExitCode.NOT_CONVERGED;
    } catch (IotHubException | IOException e) {
      return service.fail(ExitCode.NOT_CONVERGED, target.endpoint() + ": " + e.getMessage());
    }
  }
}
