// The function app's user-assigned managed identity. It is created before the app so that its role
// assignments exist (and have propagated) by the time the Functions host first reaches storage.

@description('Name of the identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags for every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
