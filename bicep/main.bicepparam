// Example parameters. `azd up` reads AZURE_ENV_NAME and AZURE_LOCATION from its environment; with the
// Azure CLI, set them yourself or edit the defaults below (README "Deploy to Azure").
using 'main.bicep'

param namePrefix = readEnvironmentVariable('AZURE_ENV_NAME', 'payouts')
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param taskHubName = 'payouts'
param controlQueueCount = 4
param logRetentionInDays = 30
param tags = {
  environment: readEnvironmentVariable('AZURE_ENV_NAME', 'payouts')
}
